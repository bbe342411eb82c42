package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.store.InboxItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The actor's state protocol, driven by latches: eviction never takes an actor with a turn started or queued. */
final class SessionActorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InboxItem item(long id) {
        return new InboxItem(id, "api", null, "api:s", "t", "m" + id, "leased", 0, Instant.EPOCH, null);
    }

    @Test
    void tryRetire_refusesWhileATurnIsQueuedOrRuns_andTheTurnIsNeverInterrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger retired = new AtomicInteger();
        SessionActor actor = new SessionActor("api:s", item -> {
            started.countDown();
            boolean ok = release.await(30, TimeUnit.SECONDS);
            seen.add(item.id() + (ok && !Thread.currentThread().isInterrupted() ? ":ran" : ":interrupted"));
        }, gone -> retired.incrementAndGet(), () -> {}, Duration.ofHours(1));
        actor.start();

        assertThat(actor.offer(item(1))).isTrue();
        assertThat(actor.tryRetire()).as("queued or just taken: never evictable").isFalse();
        started.await(30, TimeUnit.SECONDS);
        assertThat(actor.tryRetire()).as("running").isFalse();
        assertThat(actor.idle()).isFalse();
        assertThat(actor.offer(item(2))).isTrue();
        release.countDown();
        await().atMost(WAIT).until(() -> seen.size() == 2 && actor.idle());

        assertThat(actor.tryRetire()).isTrue();
        assertThat(actor.offer(item(3))).as("a retired actor takes no rows").isFalse();
        assertThat(actor.join(WAIT)).isTrue();
        assertThat(seen).containsExactly("1:ran", "2:ran");
        assertThat(retired).hasValue(1);
    }

    @Test
    void everyFinishedTurn_signalsIdle_andAnIdleTimeoutRetiresItself() throws Exception {
        AtomicInteger idle = new AtomicInteger();
        CountDownLatch gone = new CountDownLatch(1);
        SessionActor actor = new SessionActor("api:s", item -> {}, a -> gone.countDown(), idle::incrementAndGet, Duration.ofMillis(1));
        actor.start();
        assertThat(gone.await(30, TimeUnit.SECONDS)).isTrue();  // nothing to do: retires after its idle time
        assertThat(actor.offer(item(1))).isFalse();

        SessionActor busy = new SessionActor("api:t", item -> {}, a -> {}, idle::incrementAndGet, Duration.ofHours(1));
        busy.start();
        busy.offer(item(1));
        busy.offer(item(2));
        await().atMost(WAIT).until(() -> idle.get() == 2);
        busy.retire();
        assertThat(busy.join(WAIT)).isTrue();
    }
}
