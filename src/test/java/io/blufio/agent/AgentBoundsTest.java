package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.BlufioException;
import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.ManualTime;
import io.blufio.llm.AnthropicProvider;
import io.blufio.llm.Provider;
import io.blufio.store.Database;
import io.blufio.store.InboxItem;
import io.blufio.tools.ClockTool;
import io.blufio.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent at its bounds, with a manual monotonic clock ({@link ManualTime}) so that "idle for 60 s" and
 * "least recently active" are set by the test, never waited for: {@code agent.max_tool_iterations}, the session
 * mailbox ({@link SessionActor#MAILBOX_CAPACITY}), {@code agent.max_sessions} admission and eviction.
 */
final class AgentBoundsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private final ManualTime time = new ManualTime();
    private FakeAnthropicServer llm;
    private Database db;
    private Agent agent;

    private Agent agent(int maxToolIterations, int maxSessions) {
        llm = new FakeAnthropicServer();
        db = Database.open(tmp.resolve("blufio.db"));
        Provider provider = new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 60, 0,
                new AnthropicConfig(llm.url(), FakeAnthropicServer.API_KEY, "claude-test", 1024, true), null));
        Clock clock = Clock.systemUTC();
        agent = new Agent(db, provider, new ToolRegistry(List.of(new ClockTool(clock))), "test",
                new ContextEngine(db, null, 10, 30_000, null, clock), maxToolIterations, maxSessions, clock, SessionActor.IDLE_RETIRE,
                Duration.ofHours(1));
        agent.ticker(time);
        agent.start();
        return agent;
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
        if (db != null) db.close();
        if (llm != null) llm.close();
    }

    /** Observes one turn: its result or error, and the tool statuses it reported. */
    private static final class Outcome implements TurnObserver {
        final CompletableFuture<TurnResult> done = new CompletableFuture<>();
        final List<String> tools = new CopyOnWriteArrayList<>();

        @Override
        public void onTool(String name, String status) {
            tools.add(name + ":" + status);
        }

        @Override
        public void onDone(TurnResult result) {
            done.complete(result);
        }

        @Override
        public void onError(BlufioException error) {
            done.completeExceptionally(error);
        }

        TurnResult get() throws Exception {
            return done.get(30, TimeUnit.SECONDS);
        }
    }

    private Outcome send(String session, String text) {
        Outcome o = new Outcome();
        agent.submit(new Inbound("api", null, session, "tester", text), o);
        return o;
    }

    private String turn(String session, String text) throws Exception {
        String answer = send(session, text).get().content();
        await().atMost(WAIT).until(() -> agent.inboxDepth() == 0 && agent.allSessionsIdle());  // its actor stamped its activity
        return answer;
    }

    @Test
    void maxToolIterations_stopsTheLoop_runsNoToolOfTheLastCall_andSaysSo() throws Exception {
        agent(2, 4);
        for (int i = 0; i < 3; i++) llm.enqueueToolUse("current_time", "{}");  // a model that never stops calling tools

        Outcome o = send("api:loop", "what time is it, again and again?");
        TurnResult r = o.get();

        assertThat(llm.requests()).as("model calls: agent.max_tool_iterations").hasSize(2);
        assertThat(o.tools).as("the tool of the first call runs; the last call's is refused, not run").containsExactly("current_time:running",
                "current_time:ok");
        assertThat(r.content()).isEqualTo("(I stopped after 2 tool steps without a final answer.)");
        assertThat(send("api:loop", "and now?").get().content()).as("the next turn is answered normally").isEqualTo("echo: and now?");
    }

    @Test
    void maxToolIterationsOne_allowsOneModelCall() throws Exception {
        agent(1, 4);
        llm.enqueueToolUse("current_time", "{}");
        Outcome o = send("api:one", "time?");
        assertThat(o.get().content()).isEqualTo("(I stopped after 1 tool steps without a final answer.)");
        assertThat(llm.requests()).hasSize(1);
        assertThat(o.tools).isEmpty();
    }

    @Test
    void mailbox_takesCapacityRowsBehindARunningTurn_andRefusesTheNext_thenRunsThemAllInOrder() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> ran = new CopyOnWriteArrayList<>();
        SessionActor actor = new SessionActor("api:s", item -> {
            started.countDown();
            release.await(30, TimeUnit.SECONDS);
            ran.add(item.id());
        }, gone -> {}, () -> {}, Duration.ofHours(1), time);
        actor.start();
        assertThat(actor.offer(item(0))).isTrue();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();  // row 0 runs; the mailbox is empty again

        for (long id = 1; id <= SessionActor.MAILBOX_CAPACITY; id++) assertThat(actor.offer(item(id))).as("row %d", id).isTrue();
        assertThat(actor.offer(item(SessionActor.MAILBOX_CAPACITY + 1))).as("one past the capacity").isFalse();

        release.countDown();
        await().atMost(WAIT).until(() -> ran.size() == SessionActor.MAILBOX_CAPACITY + 1);
        assertThat(ran).isSorted().doesNotContain((long) SessionActor.MAILBOX_CAPACITY + 1);
        actor.retire();
        assertThat(actor.join(WAIT)).isTrue();
    }

    @Test
    void idleFor_followsTheManualClock_notTheWallClock() throws Exception {
        SessionActor actor = new SessionActor("api:s", item -> {}, gone -> {}, () -> {}, Duration.ofHours(1), time);
        assertThat(actor.idleFor(Agent.SHED_IDLE)).isFalse();
        time.advance(Agent.SHED_IDLE.minusNanos(1));
        assertThat(actor.idleFor(Agent.SHED_IDLE)).isFalse();
        time.advance(Duration.ofNanos(1));
        assertThat(actor.idleFor(Agent.SHED_IDLE)).isTrue();
    }

    @Test
    void maxSessions_evictsTheLeastRecentlyActiveIdleActor() throws Exception {
        agent(4, 2);
        turn("api:a", "first");
        time.advance(Duration.ofSeconds(1));
        turn("api:b", "second");
        time.advance(Duration.ofSeconds(1));
        turn("api:a", "a again");  // a is now the more recently active
        await().atMost(WAIT).until(() -> agent.sessionKeys().size() == 2);

        time.advance(Duration.ofSeconds(1));
        assertThat(turn("api:c", "third")).isEqualTo("echo: third");  // at the limit: b (least recent) makes room
        assertThat(agent.sessionKeys()).containsExactlyInAnyOrder("api:a", "api:c");
        assertThat(agent.activeSessions()).isEqualTo(2);
    }

    @Test
    void maxSessions_withEveryActorBusy_admitsTheNewSessionOnlyWhenATurnEnds() throws Exception {
        agent(4, 2);
        llm.hang(true);
        Outcome a = send("api:a", "long a");
        Outcome b = send("api:b", "long b");
        await().atMost(WAIT).until(() -> llm.requests().size() == 2);
        Outcome c = send("api:c", "waits for a slot");
        assertThat(agent.sessionKeys()).containsExactlyInAnyOrder("api:a", "api:b");
        assertThat(c.done).isNotDone();

        llm.hang(false);
        assertThat(a.get().content()).isEqualTo("echo: long a");  // never interrupted to make room
        assertThat(b.get().content()).isEqualTo("echo: long b");
        assertThat(c.get().content()).isEqualTo("echo: waits for a slot");
        assertThat(agent.activeSessions()).isLessThanOrEqualTo(2);
    }

    @Test
    void retireIdle_retiresOnlyActorsIdleForTheShedTime_byTheManualClock() throws Exception {
        agent(4, 4);
        turn("api:old", "long ago");
        time.advance(Agent.SHED_IDLE);
        turn("api:new", "just now");
        await().atMost(WAIT).until(() -> agent.sessionKeys().size() == 2);

        assertThat(agent.retireIdle()).isEqualTo(1);
        assertThat(agent.sessionKeys()).containsExactly("api:new");
        time.advance(Agent.SHED_IDLE);
        assertThat(agent.retireIdle()).isEqualTo(1);
        assertThat(agent.activeSessions()).isZero();
    }

    private static InboxItem item(long id) {
        return new InboxItem(id, "api", null, "api:s", "t", "m" + id, "leased", 0, Instant.EPOCH, null);
    }
}
