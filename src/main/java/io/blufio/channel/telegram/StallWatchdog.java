package io.blufio.channel.telegram;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the poll loop: when a {@code getUpdates} call has not completed within the stall limit
 * ({@link #limitFor}: 2 x {@code telegram.poll_timeout_s} + 10 s) it logs a WARN, ends the call and
 * replaces the HTTP client ({@link BotApi#abortPoll}), and the loop polls again at once. Checks every tick
 * (1 s in production) on its own virtual thread; fires at most once per poll.
 */
final class StallWatchdog {
    private static final Logger log = LoggerFactory.getLogger(StallWatchdog.class);
    /** How often the poll loop is checked: 1 s. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** Slack added to twice the poll timeout before a poll counts as stalled: 10 s. */
    static final Duration SLACK = Duration.ofSeconds(10);

    private final Poller poller;
    private final BotApi api;
    private final PollStatus status;
    private final Duration limit;
    private final Duration tick;
    private final LongSupplier nanos;
    private final AtomicInteger stalls = new AtomicInteger();
    private volatile boolean running = true;
    private long firedFor;

    StallWatchdog(Poller poller, BotApi api, PollStatus status, Duration limit, Duration tick, LongSupplier nanos) {
        this.poller = poller;
        this.api = api;
        this.status = status;
        this.limit = limit;
        this.tick = tick;
        this.nanos = nanos;
    }

    /** Returns 2 x {@code pollTimeoutS} + {@link #SLACK}. */
    static Duration limitFor(int pollTimeoutS) {
        return Duration.ofSeconds(2L * pollTimeoutS).plus(SLACK);
    }

    /** Checks until {@link #stop()}; the body of the watchdog thread. */
    void run() {
        while (running) {
            try {
                Thread.sleep(tick);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("telegram: stall watchdog check failed; checking again in {} ms", tick.toMillis(), e);
            }
        }
    }

    /** Acts when the poll in flight is older than the limit; returns true when it did. */
    boolean check() {
        long started = poller.pollStartedNanos();
        if (started == 0 || started == firedFor) return false;
        long ageMs = (nanos.getAsLong() - started) / 1_000_000;
        if (ageMs <= limit.toMillis()) return false;
        firedFor = started;
        stalls.incrementAndGet();
        String why = "getUpdates has not completed for " + ageMs + " ms (limit " + limit.toMillis()
                + " ms = 2 x telegram.poll_timeout_s + " + SLACK.toSeconds() + " s)";
        log.warn("telegram: {}; rebuilding the HTTP client and polling again", why);
        status.down(why);
        poller.markStalled(true);
        if (!api.abortPoll("getUpdates stalled")) poller.markStalled(false);  // it completed meanwhile
        return true;
    }

    /** Returns how many stalls were detected. */
    int stalls() {
        return stalls.get();
    }

    void stop() {
        running = false;
    }
}
