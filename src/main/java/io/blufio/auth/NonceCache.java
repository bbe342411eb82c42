package io.blufio.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
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
 */
public final class NonceCache {
    /** Most nonces remembered at once: 100 000 entries (a few MB). See the class comment for the limit. */
    public static final int MAX_NONCES = 100_000;

    private final Cache<Key, Boolean> cache;
    private final int capacity;
    private final ReentrantLock insertLock = new ReentrantLock();

    /** Creates a cache of {@link #MAX_NONCES} on the system ticker. */
    public NonceCache() {
        this(Ticker.systemTicker());
    }

    /** Creates a cache of {@link #MAX_NONCES} whose expiry follows {@code ticker} (tests move it by hand). */
    public NonceCache(Ticker ticker) {
        this(ticker, MAX_NONCES);
    }

    NonceCache(Ticker ticker, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run) // expiry work runs inline: cheap, and exact in tests
                .expireAfterWrite(SignatureWindow.NONCE_TTL)
                .maximumSize(capacity) // a backstop never exceeded: use() refuses at capacity
                .build();
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
            return cache.asMap().putIfAbsent(key, Boolean.TRUE) == null ? Use.FIRST : Use.REPLAY;
        } finally {
            insertLock.unlock();
        }
    }

    /** Returns the number of remembered nonces (approximate while expiries are pending). */
    public long size() {
        return cache.estimatedSize();
    }

    private record Key(String keyId, String nonce) {}
}
