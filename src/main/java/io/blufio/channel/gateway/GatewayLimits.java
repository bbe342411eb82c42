package io.blufio.channel.gateway;

import java.time.Duration;

/**
 * Every bound of the gateway's HTTP/1.1 transport, in one place. No client, signed or not, can make the
 * gateway hold more than these; each is enforced before the work it bounds, and every limit reached is
 * answered with a status (413, 431, 503) or by closing the connection, never by growing a buffer.
 *
 * <p>Worst-case heap of the transport with the defaults: {@link #maxConnections} idle or slow connections
 * at about 5 KiB each (measured: a parked virtual thread, the socket and a {@link #INPUT_BUFFER_BYTES}
 * buffer; 20 MiB for 4096), plus {@link #maxBodiesInFlight} bodies of at most
 * {@link GatewayServer#MAX_BODY_BYTES} (8 MiB): under 30 MiB of the daemon's 64 MiB heap.
 *
 * @param maxConnections open connections at once; at the cap the connection that has waited longest for its
 *     request headers is closed to make room (else the one idle longest between requests), and when every
 *     connection is busy with a body or a handler the new one is answered 503 {@code busy} and closed
 * @param headerTimeout from the accept (or the first byte of a later request on a kept-alive connection)
 *     to the end of the request headers; past it the connection is closed (slowloris)
 * @param idleTimeout a kept-alive connection without a new request is closed after this
 * @param bodyGrace time every body gets before {@link #minBodyBytesPerSecond} applies
 * @param minBodyBytesPerSecond slowest accepted body: a body of {@code n} bytes must be complete within
 *     {@code bodyGrace + n / minBodyBytesPerSecond}, else the connection is closed
 * @param writeTimeout longest a single write to a client may block (a client that stops reading)
 * @param maxHeaderBytes request line and header fields together, in bytes; more is 431 and closed
 * @param maxHeaderFields header fields of one request; more is 431 and closed
 * @param maxBodiesInFlight request bodies being read at once (after the signature over the headers
 *     verified, before the body's digest did); more is 503 {@code busy} with {@code Retry-After: 1}
 */
public record GatewayLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout, Duration bodyGrace,
        int minBodyBytesPerSecond, Duration writeTimeout, int maxHeaderBytes, int maxHeaderFields, int maxBodiesInFlight) {

    /** Default {@link #maxConnections}: 4096 open connections (about 20 MB of heap if all are slow clients). */
    public static final int MAX_CONNECTIONS = 4096;
    /** Default {@link #headerTimeout}: 10 s for the request line and headers. */
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #idleTimeout}: 30 s between requests on a kept-alive connection. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #bodyGrace}: 10 s. */
    public static final Duration BODY_GRACE = Duration.ofSeconds(10);
    /** Default {@link #minBodyBytesPerSecond}: 32 KiB/s, so a full 1 MiB body has 10 + 32 = 42 s. */
    public static final int MIN_BODY_BYTES_PER_SECOND = 32 * 1024;
    /** Default {@link #writeTimeout}: 30 s for one write. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #maxHeaderBytes}: 16 KiB (signature headers take about 300 bytes). */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Default {@link #maxHeaderFields}: 64 fields. */
    public static final int MAX_HEADER_FIELDS = 64;
    /** Default {@link #maxBodiesInFlight}: 8 bodies (8 MiB at most). */
    public static final int MAX_BODIES_IN_FLIGHT = 8;
    /** Bytes of the per-connection read buffer: 1 KiB, enough for a typical request head in one read. */
    static final int INPUT_BUFFER_BYTES = 1024;
    /**
     * Pending connections the kernel queues before {@code accept}: 4096 (capped by {@code net.core.somaxconn}).
     * A full queue drops SYNs and a client then waits 1 s for its retransmission; a burst of thousands of
     * connects (slow clients reconnecting together) must not cost a well-behaved client that second.
     */
    static final int ACCEPT_BACKLOG = 4096;
    /**
     * After an answer that leaves a body unread (401, 413, 503, ...), the gateway stops sending and discards
     * what the client still sends for up to this long before it closes, so that the client reads the answer
     * instead of a connection reset: 2 s.
     */
    static final Duration LINGER_TIMEOUT = Duration.ofSeconds(2);
    /** Most bytes discarded while lingering: 1 MiB + 64 KiB; the connection is closed after them. */
    static final long LINGER_BYTES = (1 << 20) + (64 << 10);
    /** Bytes of the scratch buffer used while lingering: 16 KiB, only for the 2 s of a linger. */
    static final int LINGER_BUFFER_BYTES = 16 * 1024;
    /** How often deadlines are checked: every 250 ms (a deadline may be overrun by this much). */
    static final Duration REAPER_TICK = Duration.ofMillis(250);

    /** The defaults above. */
    public static final GatewayLimits DEFAULTS = new GatewayLimits(MAX_CONNECTIONS, HEADER_TIMEOUT, IDLE_TIMEOUT, BODY_GRACE,
            MIN_BODY_BYTES_PER_SECOND, WRITE_TIMEOUT, MAX_HEADER_BYTES, MAX_HEADER_FIELDS, MAX_BODIES_IN_FLIGHT);

    public GatewayLimits {
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        if (minBodyBytesPerSecond < 1) throw new IllegalArgumentException("minBodyBytesPerSecond must be at least 1, got " + minBodyBytesPerSecond);
        if (maxHeaderBytes < 256) throw new IllegalArgumentException("maxHeaderBytes must be at least 256, got " + maxHeaderBytes);
        if (maxHeaderFields < 1) throw new IllegalArgumentException("maxHeaderFields must be at least 1, got " + maxHeaderFields);
        if (maxBodiesInFlight < 1) throw new IllegalArgumentException("maxBodiesInFlight must be at least 1, got " + maxBodiesInFlight);
        for (Duration d : new Duration[] {headerTimeout, idleTimeout, bodyGrace, writeTimeout}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeouts must be positive, got " + d);
        }
    }

    /** Returns the time a body of {@code bytes} may take: {@link #bodyGrace} plus {@code bytes} at the minimum rate. */
    Duration bodyTimeout(long bytes) {
        return bodyGrace.plusMillis(bytes * 1000 / minBodyBytesPerSecond);
    }
}
