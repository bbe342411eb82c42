package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.Sleeper;
import io.blufio.channel.ChannelState;
import io.blufio.fixtures.FakeTelegramServer;
import io.blufio.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poll loop against the fake Bot API when handling an update throws an {@link Error}: a library that fails on
 * one update (a class it needs is not shipped, as PDFBox's certificate handler without bcpkix did) leaves that update
 * unconfirmed and retried while health says why; any other error ends the loop as {@code failed}, never as a quietly
 * stopped ({@code off}) channel under a healthy {@code /health}.
 */
final class PollerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private final FakeTelegramServer telegram = new FakeTelegramServer();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    /** The channel's health each time the loop waited (a backoff after a failed update, or the empty-poll pause). */
    private final List<io.blufio.channel.ChannelHealth> whileWaiting = new CopyOnWriteArrayList<>();
    private Database db;
    private Poller poller;
    private Thread thread;

    @AfterEach
    void close() throws Exception {
        if (poller != null) poller.stop();
        if (thread != null) thread.join(WAIT.toMillis());
        if (db != null) db.close();
        telegram.close();
    }

    private PollStatus start(Poller.Handler handler) {
        db = Database.open(tmp.resolve("blufio.db"));
        Clock clock = Clock.systemUTC();
        PollStatus status = new PollStatus(clock, Duration.ofMinutes(5));
        Sleeper quick = d -> {
            whileWaiting.add(status.health());
            Thread.sleep(20);
        };
        poller = new Poller(new BotApi(telegram.url(), FakeTelegramServer.TOKEN),
                new TelegramState(new io.blufio.app.TelegramStorage(db), clock), handler, status, 1,
                Poller.BACKOFF.streak(new SecureRandom()), quick, System::nanoTime);
        thread = new Thread(poller, "test-poll");
        thread.start();
        return status;
    }

    @Test
    void linkageErrorOnOneUpdate_isRetriedAndShownInHealth_andTheLoopGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        PollStatus status = start((u, botId) -> {
            if (calls.getAndIncrement() == 0) throw new NoClassDefFoundError("org/bouncycastle/cms/CMSException");
            handled.add(u.text());
        });
        telegram.userSends(42, "owner", "first");
        await().atMost(WAIT).until(() -> handled.contains("first"));
        telegram.userSends(42, "owner", "second");
        await().atMost(WAIT).until(() -> handled.contains("second"));

        assertThat(handled).containsExactly("first", "second");
        assertThat(calls).hasValue(3);  // "first" failed once, then both were handled
        assertThat(whileWaiting).anySatisfy(h -> {
            assertThat(h.state()).isEqualTo(ChannelState.DOWN);
            assertThat(h.lastError()).contains("not accepted").contains("NoClassDefFoundError");
        });
        assertThat(thread.isAlive()).isTrue();
        await().atMost(WAIT).until(() -> status.health().state() == ChannelState.UP);
    }

    /** An update that fails every time keeps the channel down, although every getUpdates around it completes. */
    @Test
    void anUpdateFailingEveryTime_keepsTheChannelDown_untilItIsAccepted() {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        List<io.blufio.channel.ChannelHealth> atRetry = new CopyOnWriteArrayList<>();
        PollStatus[] status = new PollStatus[1];
        status[0] = start((u, botId) -> {
            if (calls.incrementAndGet() > 1) atRetry.add(status[0].health());  // the poll that brought it again completed
            if (broken.get()) throw new IllegalStateException("the inbox refused it");
            handled.add(u.text());
        });
        telegram.userSends(42, "owner", "stuck");
        await().atMost(WAIT).until(() -> atRetry.size() >= 2);
        assertThat(atRetry).allSatisfy(h -> {
            assertThat(h.state()).isEqualTo(ChannelState.DOWN);
            assertThat(h.lastError()).contains("not accepted: the inbox refused it");
        });

        broken.set(false);
        await().atMost(WAIT).until(() -> handled.contains("stuck"));
        await().atMost(WAIT).until(() -> status[0].health().state() == ChannelState.UP);
    }

    @Test
    void anyOtherErrorEndingTheLoop_readsAsFailedWithTheReason() {
        PollStatus status = start((u, botId) -> {
            throw new AssertionError("a bug in the handler");
        });
        telegram.userSends(42, "owner", "boom");
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> !thread.isAlive());  // the error ends the thread

        assertThat(status.health().state()).isEqualTo(ChannelState.FAILED);
        assertThat(status.health().lastError()).contains("the poll loop ended").contains("a bug in the handler");
    }
}
