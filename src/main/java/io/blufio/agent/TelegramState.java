package io.blufio.agent;

import io.blufio.store.ChannelStateStore;
import io.blufio.store.Database;
import io.blufio.store.TelegramUserStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The durable state of the Telegram channel, for {@code channel.telegram} (which must not touch the
 * store itself): the {@code getUpdates} offset (https://core.telegram.org/bots/api#getupdates) and the
 * users approved by pairing. Every call is one short SQLite read or write; values are never cached, so
 * an approval made by {@code blufio telegram approve} in another process counts at the next message.
 */
public final class TelegramState {
    /** Channel name in {@code channel_state}. */
    static final String CHANNEL = "telegram";
    /** A stranger gets at most one refusal with a pairing code in this time: 1 hour. */
    public static final Duration REFUSAL_INTERVAL = Duration.ofHours(1);
    /** Characters of pairing codes: upper case and digits without look-alikes (0/O, 1/I/L). */
    static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    /** Length of a pairing code, in characters. */
    static final int CODE_LENGTH = 8;

    private final ChannelStateStore state;
    private final TelegramUserStore users;
    private final Clock clock;
    private final RandomGenerator random;

    /** Uses {@code db} with the system's secure random for pairing codes. */
    public TelegramState(Database db, Clock clock) {
        this(db, clock, new SecureRandom());
    }

    TelegramState(Database db, Clock clock, RandomGenerator random) {
        this.state = new ChannelStateStore(db);
        this.users = new TelegramUserStore(db);
        this.clock = clock;
        this.random = random;
    }

    /** Returns the next {@code getUpdates} offset (the highest confirmed update id + 1), 0 before the first update. */
    public long offset() {
        return state.get(CHANNEL, "offset").map(Long::parseLong).orElse(0L);
    }

    /**
     * Records that every update below {@code next} was committed to the inbox or handled otherwise; durable
     * when this returns. Telegram forgets them at the next {@code getUpdates} with this offset.
     */
    public void confirmOffset(long next) {
        state.put(CHANNEL, "offset", Long.toString(next), clock.instant());
    }

    /** Returns true when {@code userId} was approved with {@code blufio telegram approve}. */
    public boolean isPaired(long userId) {
        return users.isPaired(userId);
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
        return users.issueCode(userId, username, displayName, newCode(), now, now.minus(REFUSAL_INTERVAL));
    }

    private String newCode() {
        StringBuilder sb = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) sb.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        return sb.toString();
    }
}
