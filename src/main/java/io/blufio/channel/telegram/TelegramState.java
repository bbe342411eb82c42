package io.blufio.channel.telegram;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The durable state of the Telegram channel: the {@code getUpdates} offset of each bot (https://core.telegram.org/bots/api#getupdates) and the
 * users approved by pairing. Every call is one short SQLite read or write; values are never cached, so
 * an approval made by {@code blufio telegram approve} in another process counts at the next message. The rows
 * are reached through {@link Storage}, which the assembly implements over the store ({@code channel} does not
 * import {@code store}, DESIGN.md).
 */
public final class TelegramState {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TelegramState.class);
    /** The key of the single offset stored before offsets were kept per bot (schema 3 to 5). */
    static final String LEGACY_OFFSET = "offset";
    /** Channel name in {@code channel_state}. */
    static final String CHANNEL = "telegram";
    /** A stranger gets at most one refusal with a pairing code in this time: 1 hour. */
    public static final Duration REFUSAL_INTERVAL = Duration.ofHours(1);
    /** Characters of pairing codes: upper case and digits without look-alikes (0/O, 1/I/L). */
    static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    /** Length of a pairing code, in characters. */
    static final int CODE_LENGTH = 8;

    private final Storage store;
    private final Clock clock;
    private final RandomGenerator random;

    /** Uses {@code store} with the system's secure random for pairing codes. */
    public TelegramState(Storage store, Clock clock) {
        this(store, clock, new SecureRandom());
    }

    TelegramState(Storage store, Clock clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Returns the next {@code getUpdates} offset of the bot {@code botId} (its {@code getMe} id): the highest
     * update id it confirmed + 1, 0 before its first update. Update ids are counted per bot, so each bot token
     * keeps its own offset; a new token starts from that bot's own offset, never from another bot's. An offset
     * stored by an older blufio without a bot id is taken over by the first bot that asks (and logged).
     */
    public long offset(long botId) {
        Optional<String> own = store.get(CHANNEL, offsetKey(botId));
        if (own.isPresent()) return Long.parseLong(own.get());
        Optional<String> legacy = store.get(CHANNEL, LEGACY_OFFSET);
        if (legacy.isEmpty()) return 0L;
        log.info("telegram: taking over the getUpdates offset {} stored before offsets were kept per bot, for bot {}", legacy.get(), botId);
        store.put(CHANNEL, offsetKey(botId), legacy.get(), clock.instant());
        store.delete(CHANNEL, LEGACY_OFFSET);
        return Long.parseLong(legacy.get());
    }

    /**
     * Records that every update of bot {@code botId} below {@code next} was committed to the inbox or handled
     * otherwise; durable when this returns. Telegram forgets them at the next {@code getUpdates} with this offset.
     */
    public void confirmOffset(long botId, long next) {
        store.put(CHANNEL, offsetKey(botId), Long.toString(next), clock.instant());
    }

    private static String offsetKey(long botId) {
        return "offset:" + botId;
    }

    /** Returns true when {@code userId} was approved with {@code blufio telegram approve}. */
    public boolean isPaired(long userId) {
        return store.isPaired(userId);
    }

    /**
     * Hands a stranger a pairing code for their refusal, at most once per {@link #REFUSAL_INTERVAL}.
     *
     * @param username Telegram username without {@code @}, or null
     * @param displayName first and last name, or null
     * @return the code, or empty when the user already got one within the interval (send nothing then)
     */
    public Optional<String> issuePairingCode(long userId, String username, String displayName) {
        Instant now = clock.instant();
        return store.issueCode(userId, username, displayName, newCode(), now, now.minus(REFUSAL_INTERVAL));
    }

    private String newCode() {
        StringBuilder sb = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) sb.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        return sb.toString();
    }

    /**
     * The rows behind the state: {@code channel_state} (key/value per channel) and {@code telegram_users}
     * (pairing), as the store's {@code ChannelStateStore} and {@code TelegramUserStore} keep them. Each call is
     * one short SQLite statement, durable when it returns.
     */
    public interface Storage {
        /** Returns the value of {@code key} of {@code channel}, or empty. */
        Optional<String> get(String channel, String key);

        /** Sets {@code key} of {@code channel} to {@code value}. */
        void put(String channel, String key, String value, Instant now);

        /** Removes {@code key} of {@code channel}; returns true when it existed. */
        boolean delete(String channel, String key);

        /** Returns true when {@code userId} was approved. */
        boolean isPaired(long userId);

        /** Stores {@code code} for {@code userId} unless it got one after {@code notBefore}; returns the code issued, or empty. */
        Optional<String> issueCode(long userId, String username, String displayName, String code, Instant now, Instant notBefore);
    }
}
