package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.BlufioException;
import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.llm.AnthropicProvider;
import io.blufio.llm.Provider;
import io.blufio.store.Database;
import io.blufio.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session admission at {@code agent.max_sessions} = 1. The dispatcher's idle poll is set to an hour, so a
 * row waiting for a slot can only run if the freed slot wakes the dispatcher at once (before: about a
 * second of polling per admitted session).
 */
final class AdmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private Database db;
    private Agent agent;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
        db = Database.open(tmp.resolve("blufio.db"));
        Provider provider = new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 60, 0,
                new AnthropicConfig(llm.url(), FakeAnthropicServer.API_KEY, "claude-test", 1024, true), null));
        Clock clock = Clock.systemUTC();
        agent = new Agent(db, provider, new ToolRegistry(List.of()), "test", new ContextEngine(db, null, 10, 30_000, null, clock),
                4, 1, clock, SessionActor.IDLE_RETIRE, Duration.ofHours(1));
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
        db.close();
        llm.close();
    }

    /** Observes one turn: completes with its text, or exceptionally with its error. */
    private static final class Outcome implements TurnObserver {
        final CompletableFuture<String> text = new CompletableFuture<>();

        @Override
        public void onDone(TurnResult result) {
            text.complete(result.content());
        }

        @Override
        public void onError(BlufioException error) {
            text.completeExceptionally(error);
        }
    }

    private Outcome send(String session, String text) {
        Outcome o = new Outcome();
        agent.submit(new Inbound("api", null, session, "tester", text), o);
        return o;
    }

    @Test
    void idleActorAtTheLimit_isEvicted_andTheNewSessionRunsAtOnce() throws Exception {
        assertThat(send("api:a", "first").text.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo: first");
        for (String s : List.of("api:b", "api:c", "api:d")) {
            await().atMost(WAIT).until(() -> agent.activeSessions() == 1 && agent.inboxDepth() == 0);
            assertThat(send(s, "hi " + s).text.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo: hi " + s);
        }
        assertThat(agent.activeSessions()).isEqualTo(1);
    }

    @Test
    void busyActorAtTheLimit_isNotEvicted_itsTurnFinishes_thenTheWaitingSessionRunsAtOnce() throws Exception {
        llm.hang(true);
        Outcome a = send("api:a", "long turn");
        await().atMost(WAIT).until(() -> llm.requests().size() == 1);  // a's turn has started
        Outcome b = send("api:b", "waiting");
        assertThat(b.text).isNotDone();
        llm.hang(false);

        assertThat(a.text.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo: long turn");  // not interrupted
        assertThat(b.text.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo: waiting");
        assertThat(llm.requests()).hasSize(2);
    }
}
