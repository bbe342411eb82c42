package io.blufio.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.blufio.store.NonceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Nonces of verified requests, per device, remembered for {@link SignatureWindow#NONCE_TTL} (120 s) so
 * that a captured request cannot be replayed while its {@code created} is still inside the window
 * (RFC 9421 section 7.2.2).
 *
 * <p>Bounded by {@link #MAX_NONCES}. At the limit the cache fails closed: {@link #firstUse} returns false
 * (the verifier answers 401 {@code nonce_cache_full}) until entries expire. It never evicts a live nonce
 * early, since that would reopen a replay. Only nonces of requests whose signature verified are recorded,
 * so only a registered device can fill it, at over 800 requests a second.
 *
 * <p>With a {@link NonceStore} the cache survives restarts: every new nonce is committed to SQLite (durably)
 * before the request it belongs to is served, and a new cache starts with the nonces still live in the
 * table, so a request captured before a restart and replayed within the window after it is refused.
 * Loaded nonces are kept {@link SignatureWindow#NONCE_TTL} from the load, at least as long as in the table.
 */
public final class NonceCache {
    /** Most nonces remembered at once: 100 000 entries (a few MB). See the class comment for the limit. */
    public static final int MAX_NONCES = 100_000;

    private final Cache<Key, Boolean> cache;
    private final int capacity;
    private final ReentrantLock insertLock = new ReentrantLock();
    private final NonceStore store;
    private final Clock clock;

    /** Creates a cache of {@link #MAX_NONCES} on the system ticker, in memory only. */
    public NonceCache() {
        this(Ticker.systemTicker());
    }

    /** Creates a cache of {@link #MAX_NONCES} whose expiry follows {@code ticker} (tests move it by hand), in memory only. */
    public NonceCache(Ticker ticker) {
        this(ticker, MAX_NONCES, null, null);
    }

    /**
     * Creates a cache of {@link #MAX_NONCES} backed by {@code store}: starts with the nonces live there at
     * {@code clock}'s now and records each new one there before {@link #firstUse} returns true.
     */
    public NonceCache(Ticker ticker, NonceStore store, Clock clock) {
        this(ticker, MAX_NONCES, store, clock);
    }

    NonceCache(Ticker ticker, int capacity) {
        this(ticker, capacity, null, null);
    }

    private NonceCache(Ticker ticker, int capacity, NonceStore store, Clock clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run) // expiry work runs inline: cheap, and exact in tests
                .expireAfterWrite(SignatureWindow.NONCE_TTL)
                .maximumSize(capacity) // a backstop never exceeded: use() refuses at capacity
                .build();
        this.store = store;
        this.clock = clock;
        if (store != null) {
            for (NonceStore.Entry e : store.live(clock.instant(), capacity)) cache.put(new Key(e.keyId(), e.nonce()), Boolean.TRUE);
        }
    }

    /**
     * Records {@code nonce} for {@code keyId} and returns true if it was not seen within the last
     * {@link SignatureWindow#NONCE_TTL}; returns false for a replay, and when the cache is full.
     */
    public boolean firstUse(String keyId, String nonce) {
        return use(keyId, nonce) == Use.FIRST;
    }

    /** How a nonce was met: first use (now recorded), a replay, or not recordable because the cache is full. */
    enum Use { FIRST, REPLAY, FULL }

    /** Like {@link #firstUse}, telling a replay from a full cache. */
    Use use(String keyId, String nonce) {
        Key key = new Key(keyId, nonce);
        insertLock.lock(); // makes the capacity check and the insert one step; not a monitor, so virtual threads do not pin
        try {
            if (cache.asMap().containsKey(key)) return Use.REPLAY;
            if (cache.estimatedSize() >= capacity) {
                cache.cleanUp();
                if (cache.estimatedSize() >= capacity) return Use.FULL;
            }
            if (cache.asMap().putIfAbsent(key, Boolean.TRUE) != null) return Use.REPLAY;
        } finally {
            insertLock.unlock();
        }
        if (store == null) return Use.FIRST;
        Instant now = clock.instant();
        try {
            return store.record(keyId, nonce, now, now.plus(SignatureWindow.NONCE_TTL)) ? Use.FIRST : Use.REPLAY;
        } catch (RuntimeException e) {
            cache.invalidate(key);  // not durable: the request fails, and its nonce may be tried again
            throw e;
        }
    }

    /** Returns the number of remembered nonces (approximate while expiries are pending). */
    public long size() {
        return cache.estimatedSize();
    }

    private record Key(String keyId, String nonce) {}
}
