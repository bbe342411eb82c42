package io.blufio.channel.telegram;

import io.blufio.Ticker;
import io.blufio.Sleeper;
import io.blufio.agent.Agent;
import io.blufio.agent.ReplyTransport;
import io.blufio.channel.Channel;
import io.blufio.channel.ChannelHealth;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The Telegram channel (SPEC section 5): our own Bot API long-poll loop ({@link Poller}) with a stall
 * watchdog ({@link StallWatchdog}), access by {@code telegram.allowed_users} or pairing ({@link Access}),
 * and replies sent by the agent's delivery worker from the outbox through {@link ReplyDelivery}. Register
 * {@link #replies()} with {@link Agent#deliverReplies} before the agent starts; then {@link #start()}.
 *
 * <p>Health ({@link io.blufio.channel.ChannelState}): {@code starting} until the first completed
 * {@code getUpdates}, then {@code up}; {@code down} while calls fail; {@code stalled} when no poll completed
 * within the stall limit; {@code failed} when Telegram rejects the token (polling stops; the operator must fix
 * the token and restart); {@code off} after {@link #stop()}.
 */
public final class TelegramChannel implements Channel {
    private final BotApi api;
    private final PollStatus status;
    private final ReplyDelivery delivery;
    private final Poller poller;
    private final StallWatchdog watchdog;
    private Thread pollThread;
    private Thread watchThread;

    /** Builds the channel for {@code cfg} (which must have a bot token) with production timings. */
    public TelegramChannel(TelegramSettings cfg, Agent agent, TelegramState state, Clock clock) {
        this(cfg, MediaPolicy.DEFAULTS, agent, state, clock);
    }

    /** Builds the channel for {@code cfg} with production timings, taking pictures, documents and voice notes per {@code media}. */
    public TelegramChannel(TelegramSettings cfg, MediaPolicy media, Agent agent, TelegramState state, Clock clock) {
        this(new BotApi(cfg.apiBaseUrl(), cfg.botToken()), cfg, agent, state, clock, Sleeper.SYSTEM,
                StallWatchdog.limitFor(cfg.pollTimeoutS()), StallWatchdog.TICK, LiveTurn.EDIT_EVERY, Ticker.SYSTEM::nanoTime, media);
    }

    /**
     * @param stallLimit a poll older than this is ended by the watchdog (production: 2 x poll timeout + 10 s)
     * @param watchdogTick how often the watchdog looks (production: 1 s)
     * @param editEvery shortest time between edits of a streamed answer (production: 1 s)
     */
    TelegramChannel(BotApi api, TelegramSettings cfg, Agent agent, TelegramState state, Clock clock, Sleeper sleeper,
            Duration stallLimit, Duration watchdogTick, Duration editEvery, LongSupplier nanos) {
        this(api, cfg, agent, state, clock, sleeper, stallLimit, watchdogTick, editEvery, nanos, MediaPolicy.DEFAULTS);
    }

    /** As above, with what the channel takes besides text. */
    TelegramChannel(BotApi api, TelegramSettings cfg, Agent agent, TelegramState state, Clock clock, Sleeper sleeper,
            Duration stallLimit, Duration watchdogTick, Duration editEvery, LongSupplier nanos, MediaPolicy media) {
        this.api = api;
        this.status = new PollStatus(clock, stallLimit);
        this.delivery = new ReplyDelivery(api);
        Access access = new Access(cfg.allowedUsers(), state::isPaired);
        UpdateHandler handler = new UpdateHandler(api, agent, state, access, delivery, editEvery, nanos, media);
        this.poller = new Poller(api, state, handler::handle, status, cfg.pollTimeoutS(), Poller.BACKOFF.streak(new SecureRandom()), sleeper, nanos);
        this.watchdog = new StallWatchdog(poller, api, status, stallLimit, watchdogTick, nanos);
    }

    @Override
    public String name() {
        return UpdateHandler.CHANNEL;
    }

    /** Returns how this channel sends replies; pass it to {@link Agent#deliverReplies}. */
    public ReplyTransport replies() {
        return delivery;
    }

    @Override
    public synchronized void start() {
        if (pollThread != null) return;
        pollThread = Thread.ofVirtual().name("telegram-poll").start(poller);
        watchThread = Thread.ofVirtual().name("telegram-watchdog").start(watchdog::run);
    }

    @Override
    public synchronized void stop() {
        if (pollThread == null) return;
        poller.stop();
        watchdog.stop();
        watchThread.interrupt();
        pollThread.interrupt();
        api.abortPoll("stopping");
        try {
            pollThread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.off();
    }

    @Override
    public ChannelHealth health() {
        return status.health();
    }

    /** Returns how many stalled polls the watchdog ended. */
    int stalls() {
        return watchdog.stalls();
    }
}
