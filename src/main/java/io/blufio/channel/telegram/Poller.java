package io.blufio.channel.telegram;

import io.blufio.ErrorCode;
import io.blufio.Sleeper;
import io.blufio.Backoff;
import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.agent.AgentException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code getUpdates} long-poll loop (https://core.telegram.org/bots/api#getupdates). At start it asks
 * {@code getMe} which bot the token belongs to (update ids and so the stored offset are per bot), calls
 * {@code deleteWebhook} (polling is refused while a webhook is set), then polls from that bot's offset with
 * {@code timeout = telegram.poll_timeout_s}. Each update is handled (committed to the inbox, or
 * refused/ignored) before its offset is stored; Telegram forgets it at the next poll. A poll that answers
 * at once with nothing (a Bot API emulator that ignores {@code timeout}) is followed by a wait, so that two
 * empty polls start at least {@link #MIN_EMPTY_POLL_INTERVAL} apart instead of spinning.
 *
 * <p>Failures: network errors and 5xx wait {@link Backoff} (jitter, cap 60 s); 409 Conflict (another poller
 * or a webhook) waits at least one poll timeout; 429 waits at least its {@code retry_after} (capped at 60 s); 401/404 stop
 * the loop and mark the channel {@code failed}. A poll ended by the {@link StallWatchdog} is retried at once.
 * Updates whose {@code update_id} is out of range are skipped without moving the offset.
 */
final class Poller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    /** Shortest time from the start of an empty poll to the start of the next one: 1 s. */
    static final Duration MIN_EMPTY_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Waits after consecutive failures: between half and all of 1 s doubling, at most 60 s (SPEC section 5). */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), true);

    private final BotApi api;
    private final TelegramState state;
    private final Handler handler;
    private final PollStatus status;
    private final int pollTimeoutS;
    private final Backoff.Streak backoff;
    private final Sleeper sleeper;
    private final LongSupplier nanos;
    private volatile boolean running = true;
    /** {@link System#nanoTime()} when the poll in flight started; 0 when none is in flight. */
    private volatile long pollStartedNanos;
    private volatile boolean stalled;
    /** The bot's own user id from {@code getMe}; 0 until known. */
    private long botId;

    /** Handles one update: commits it to the inbox (or answers it) before its offset is confirmed. */
    @FunctionalInterface
    interface Handler {
        /** Handles {@code u} for the bot {@code botId}; a thrown exception leaves the update unconfirmed, to be retried. */
        void handle(TelegramUpdate u, long botId);
    }

    Poller(BotApi api, TelegramState state, Handler handler, PollStatus status, int pollTimeoutS, Backoff.Streak backoff,
            Sleeper sleeper, LongSupplier nanos) {
        this.api = api;
        this.state = state;
        this.handler = handler;
        this.status = status;
        this.pollTimeoutS = pollTimeoutS;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.nanos = nanos;
    }

    @Override
    public void run() {
        try {
            botId = whoAmI();
            if (botId == 0 || !deleteWebhook()) return;
            long offset = state.offset(botId);
            log.info("telegram: polling for updates of bot {} from offset {} (long-poll timeout {} s)", botId, offset, pollTimeoutS);
            while (running) offset = pollOnce(offset);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // a bug ended the loop: health must say so (failed), not read it as a stopped channel (off)
            status.failed("the poll loop ended: " + io.blufio.Redactor.redact(e.toString()) + "; restart blufio and report it");
            throw e;
        } finally {
            status.off();
        }
    }

    /** Returns the bot's user id ({@code getMe}), retrying like a poll; 0 when polling must stop. */
    private long whoAmI() throws InterruptedException {
        while (running) {
            try {
                long id = api.getMe().path("id").asLong(0);
                if (id != 0) return id;
                throw new BotApiException("getMe", api.redactedUrl("getMe"), 200, "the answer has no bot id", null);
            } catch (BotApiException e) {
                if (!fail(e)) return 0;
            }
        }
        return 0;
    }

    private boolean deleteWebhook() throws InterruptedException {
        while (running) {
            try {
                api.deleteWebhook();
                return true;
            } catch (BotApiException e) {
                if (!fail(e)) return false;
            }
        }
        return false;
    }

    /** Runs one poll and handles what it brought; returns the next offset. */
    long pollOnce(long offset) throws InterruptedException {
        List<JsonNode> updates;
        long started = nanos.getAsLong();
        pollStartedNanos = Math.max(1, started);
        try {
            updates = api.getUpdates(offset, pollTimeoutS);
        } catch (BotApiException e) {
            pollStartedNanos = 0;
            if (running) fail(e);
            return offset;
        }
        pollStartedNanos = 0;
        status.pollCompleted();
        backoff.reset();
        if (updates.isEmpty()) {
            long left = MIN_EMPTY_POLL_INTERVAL.toNanos() - (nanos.getAsLong() - started);
            if (left > 0) sleeper.sleep(Duration.ofNanos(left));  // an emulator answering at once must not make us spin
            return offset;
        }
        int invalid = 0;
        for (JsonNode raw : updates) {
            TelegramUpdate u = TelegramUpdate.parse(raw);
            if (!u.validId()) {
                invalid++;
                log.warn("telegram: ignored an update whose update_id is not an integer in [0, 2^52): {}", raw.path("update_id"));
                continue;
            }
            if (u.updateId() < offset) continue;  // confirmed before; Telegram should not send it again
            try {
                handler.handle(u, botId);
            } catch (AgentException e) {
                if (ErrorCode.SHUTTING_DOWN.is(e)) {
                    running = false;
                    return offset;
                }
                return retryLater(offset, u, e);
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                // a library that fails on one update (a class it needs is not shipped, a parser recursing too deep)
                // must not end the loop: the update stays unconfirmed and health says why, as for any failure
                return retryLater(offset, u, e);
            }
            offset = u.updateId() + 1;
            state.confirmOffset(botId, offset);
        }
        status.updatesAccepted();
        if (invalid > 0 && invalid == updates.size()) sleeper.sleep(backoff.next());  // the upstream resends them: do not spin
        return offset;
    }

    private long retryLater(long offset, TelegramUpdate u, Throwable e) throws InterruptedException {
        Duration wait = backoff.next();
        String why = e instanceof RuntimeException ? e.getMessage() : io.blufio.Redactor.redact(e.toString());
        status.updateStuck("update " + u.updateId() + " not accepted: " + why);
        if (e instanceof io.blufio.BlufioException be && ErrorCode.DISK_FULL.is(be)) {
            log.debug("telegram: update {} waits for disk space (the store logged it once); retrying in {} ms", u.updateId(), wait.toMillis());
        } else {
            log.error("telegram: update {} could not be committed to the inbox; it stays unconfirmed, retrying in {} ms: {}",
                    u.updateId(), wait.toMillis(), why);
        }
        sleeper.sleep(wait);
        return offset;
    }

    /** Records a failed call and waits as its kind asks; returns false when polling must stop. */
    private boolean fail(BotApiException e) throws InterruptedException {
        if (stalled) {
            stalled = false;
            return true;  // the watchdog logged it and rebuilt the client: poll again at once
        }
        if (e.tokenRejected()) {
            String why = "Telegram rejected the bot token (" + e.method() + ": HTTP " + e.status() + " " + e.description()
                    + "); set a valid telegram.bot_token (or TELEGRAM_BOT_TOKEN) and restart";
            status.failed(why);
            log.error("telegram: polling stopped: {}", why);
            running = false;
            return false;
        }
        Duration wait = backoff.next();
        if (e.conflict()) {
            Duration poll = Duration.ofSeconds(pollTimeoutS);
            if (wait.compareTo(poll) < 0) wait = poll;
            log.warn("telegram: 409 Conflict from {}: another process polls with this bot token (or a webhook is set); retrying in {} ms",
                    e.method(), wait.toMillis());
        } else {
            if (e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0) wait = e.retryAfter();
            log.warn("telegram: {}; retry {} in {} ms", e.getMessage(), backoff.failures(), wait.toMillis());
        }
        status.down(e.getMessage());
        sleeper.sleep(wait);
        return true;
    }

    /** Returns when the poll in flight started ({@link System#nanoTime()} scale), 0 when none is in flight. */
    long pollStartedNanos() {
        return pollStartedNanos;
    }

    /** Marks the poll in flight as ended by the watchdog, so its failure is retried without backoff. */
    void markStalled(boolean value) {
        stalled = value;
    }

    /** Asks the loop to end after the current call. */
    void stop() {
        running = false;
    }
}
