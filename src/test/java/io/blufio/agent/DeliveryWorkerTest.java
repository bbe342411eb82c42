package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.OutboxStore;
import io.blufio.store.ReplyState;
import io.blufio.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's delivery worker on real SQLite, with a transport that records what it "sent"; time is a hand-moved clock. */
final class DeliveryWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofHours(1));
    @TempDir Path tmp;
    private Database db;
    private OutboxStore outbox;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    private final AgentEvents events = new AgentEvents() {
        @Override
        public void reply(String channel, String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }
    };

    /** Sends by calling {@code onSend} with "turn/part"; records every part that returned. */
    private static final class Transport implements ReplyTransport {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> tried = new CopyOnWriteArrayList<>();
        volatile Function<String, RuntimeException> fault = k -> null;
        volatile CountDownLatch gate;

        @Override
        public List<String> split(Reply reply) {
            return List.of(reply.text().split("\\|"));
        }

        @Override
        public String send(Reply reply, int part, int parts, String text) throws InterruptedException {
            String key = reply.turnId() + "/" + part;
            tried.add(key);
            CountDownLatch g = gate;
            if (g != null) g.await();
            RuntimeException e = fault.apply(key);
            if (e != null) throw e;
            sent.add(key);
            return "m-" + key;
        }
    }

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("blufio.db"));
        outbox = new OutboxStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DeliveryWorker worker(Transport t) {
        return new DeliveryWorker("telegram", outbox, t, POLICY, clock, () -> events);
    }

    /** Commits a finished turn of {@code session} with {@code text} (parts separated by '|') into inbox and outbox. */
    private long reply(String session, String text) {
        long id = new InboxStore(db).accept("telegram", "1:" + System.nanoTime(), session, "42", "q", clock.instant()).orElseThrow();
        db.write(c -> {
            outbox.insert(c, id, "telegram", session, false, text, clock.instant());
            return null;
        });
        return id;
    }

    private ReplyState state(long turn) {
        return outbox.find(turn).orElseThrow().state();
    }

    @Test
    void pass_sendsEveryPartInOrder_recordsTheirIds_andMarksDelivered() {
        Transport t = new Transport();
        DeliveryWorker w = worker(t);
        long turn = reply("telegram:42", "one|two|three");
        w.pass();
        await().atMost(WAIT).until(() -> state(turn) == ReplyState.DELIVERED);
        assertThat(t.sent).containsExactly(turn + "/1", turn + "/2", turn + "/3");
        assertThat(outbox.parts(turn)).extracting(p -> p.externalId()).containsExactly("m-" + turn + "/1", "m-" + turn + "/2", "m-" + turn + "/3");
        assertThat(outcomes).containsEntry("delivered", 1);
        w.pass();  // a delivered reply is never claimed again
        assertThat(t.tried).hasSize(3);
    }

    @Test
    void claim_isACompareAndSet_onlyOneOwnerGetsAReply() {
        long turn = reply("telegram:42", "x");
        assertThat(outbox.claim(turn, "a", clock.instant(), Duration.ofMinutes(1))).isTrue();
        assertThat(outbox.claim(turn, "b", clock.instant(), Duration.ofMinutes(1))).isFalse();
        assertThat(outbox.recordPart(turn, 1, "m1", "b", clock.instant(), Duration.ofMinutes(1))).isFalse();
        assertThat(outbox.delivered(turn, "b", clock.instant())).isFalse();
        assertThat(state(turn)).isEqualTo(ReplyState.SENDING);
    }

    @Test
    void crashAfterPartOne_restartResumesAtPartTwo_partOneIsNotSentAgain() throws Exception {
        Transport first = new Transport();
        long turn = reply("telegram:42", "one|two|three");
        CountDownLatch block = new CountDownLatch(1);
        DeliveryWorker dying = worker(first);
        // part 1 goes out, then the "process" hangs in the send of part 2 and is never heard of again
        first.fault = k -> {
            if (k.endsWith("/2")) {
                try {
                    block.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new IllegalStateException("the dead process wakes up");
            }
            return null;
        };
        dying.pass();
        await().atMost(WAIT).until(() -> first.tried.contains(turn + "/2"));
        assertThat(outbox.parts(turn).get(0).externalId()).isEqualTo("m-" + turn + "/1");

        Transport second = new Transport();
        DeliveryWorker restarted = worker(second);
        restarted.start();  // re-queues what the dead run had in 'sending'
        try {
            await().atMost(WAIT).until(() -> state(turn) == ReplyState.DELIVERED);
            assertThat(second.sent).containsExactly(turn + "/2", turn + "/3");
            block.countDown();  // the old run's late failure cannot touch a reply it no longer owns
            Thread.sleep(200);
            assertThat(state(turn)).isEqualTo(ReplyState.DELIVERED);
            assertThat(first.sent).containsExactly(turn + "/1");
        } finally {
            restarted.close();
        }
    }

    @Test
    void transientFailure_waitsItsBackoffAndRetryAfter_thenDelivers() {
        Transport t = new Transport();
        DeliveryWorker w = worker(t);
        long turn = reply("telegram:42", "hello");
        t.fault = k -> new DeliveryException("HTTP 429 Too Many Requests", false, Duration.ofSeconds(30), null);
        w.pass();
        await().atMost(WAIT).until(() -> outcomes.getOrDefault("retry", 0) == 1);
        await().atMost(WAIT).until(() -> state(turn) == ReplyState.PENDING);
        t.fault = k -> null;
        clock.advance(Duration.ofSeconds(29));  // backoff 2 s, but Telegram asked for 30 s
        w.pass();
        assertThat(t.tried).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        w.pass();
        await().atMost(WAIT).until(() -> state(turn) == ReplyState.DELIVERED);
        assertThat(t.sent).containsExactly(turn + "/1");
        assertThat(outbox.find(turn).orElseThrow().lastError()).contains("429");
    }

    @Test
    void permanentFailure_endsFailed_withTheReason_visibleInStatus_andNeverRetried() {
        Transport t = new Transport();
        DeliveryWorker w = worker(t);
        long turn = reply("telegram:42", "hello");
        t.fault = k -> new DeliveryException("sendMessage failed: HTTP 400: Bad Request: chat not found", true, null, null);
        w.pass();
        await().atMost(WAIT).until(() -> state(turn) == ReplyState.FAILED);
        assertThat(outcomes).containsEntry("failed", 1);
        clock.advance(Duration.ofHours(2));
        w.pass();
        assertThat(t.tried).hasSize(1);
        assertThat(w.status().failed()).isEqualTo(1);
        assertThat(w.status().lastFailedTurn()).isEqualTo(turn);
        assertThat(w.status().lastFailure()).contains("chat not found");
    }

    @Test
    void replyThatKeepsFailing_isGivenUpAfterThePolicyAge() {
        Transport t = new Transport();
        DeliveryWorker w = worker(t);
        long turn = reply("telegram:42", "hello");
        t.fault = k -> new DeliveryException("network error", false, null, null);
        for (int i = 0; i < 40 && state(turn) != ReplyState.FAILED; i++) {
            int before = t.tried.size();
            w.pass();
            if (t.tried.size() > before || state(turn) == ReplyState.SENDING) {
                await().atMost(WAIT).until(() -> state(turn) != ReplyState.SENDING);
            }
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(state(turn)).isEqualTo(ReplyState.FAILED);
        assertThat(outbox.find(turn).orElseThrow().lastError()).startsWith("gave up after").contains("network error");
        // backoff 2, 4, 8, 16, 32, 60, 60 s...: one attempt per 5-minute step once capped, not one per pass
        assertThat(t.tried.size()).isBetween(10, 14);
    }

    @Test
    void oneSessionsReplies_goInOrder_otherSessionsDoNotWait() throws Exception {
        Transport t = new Transport();
        t.gate = new CountDownLatch(1);
        DeliveryWorker w = worker(t);
        long a1 = reply("telegram:1", "a1");
        long a2 = reply("telegram:1", "a2");
        long b1 = reply("telegram:2", "b1");
        w.pass();
        await().atMost(WAIT).until(() -> t.tried.size() == 2);
        assertThat(t.tried).containsExactlyInAnyOrder(a1 + "/1", b1 + "/1");  // a2 waits for a1
        assertThat(state(a2)).isEqualTo(ReplyState.PENDING);
        t.gate.countDown();
        await().atMost(WAIT).until(() -> state(a1) == ReplyState.DELIVERED && state(b1) == ReplyState.DELIVERED);
        w.pass();
        await().atMost(WAIT).until(() -> state(a2) == ReplyState.DELIVERED);
        assertThat(t.sent.indexOf(a1 + "/1")).isLessThan(t.sent.indexOf(a2 + "/1"));
    }

    @Test
    void atMostConcurrencyRepliesAreInFlight_theRestWaitInTheTable() {
        Transport t = new Transport();
        t.gate = new CountDownLatch(1);
        DeliveryWorker w = worker(t);
        for (int i = 0; i < 10; i++) reply("telegram:" + i, "r" + i);
        w.pass();
        await().atMost(WAIT).until(() -> t.tried.size() == DeliveryWorker.CONCURRENCY);
        w.pass();
        assertThat(t.tried).hasSize(DeliveryWorker.CONCURRENCY);
        assertThat(w.status().pending()).isEqualTo(10 - DeliveryWorker.CONCURRENCY);
        t.gate.countDown();
    }

    @Test
    void drain_finishesThePartInFlight_thenReleasesTheRestForTheNextStart() throws Exception {
        Transport t = new Transport();
        t.gate = new CountDownLatch(1);
        DeliveryWorker w = worker(t);
        long turn = reply("telegram:42", "one|two");
        w.start();
        await().atMost(WAIT).until(() -> t.tried.size() == 1);
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                w.drain(System.nanoTime());  // the grace is over at once: no new part starts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(100);
        t.gate.countDown();  // the part in flight completes within the stop wait
        stopper.join(WAIT);
        assertThat(t.sent).containsExactly(turn + "/1");
        assertThat(state(turn)).isEqualTo(ReplyState.PENDING);
        assertThat(outbox.parts(turn).get(0).sent()).isTrue();
        assertThat(outbox.find(turn).orElseThrow().attempts()).isZero();  // a stop is not a failed attempt
    }
}
