package io.blufio.channel.gateway;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import io.blufio.BlufioException;
import io.blufio.channel.Channel;
import io.blufio.channel.ChannelHealth;
import io.blufio.channel.ChannelState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API server: HTTP/1.1 on plain sockets, one virtual thread per connection, routes registered at
 * start-up, every bound of {@link GatewayLimits} enforced before the work it bounds, signatures checked
 * from the headers before a body is read.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads headers on a connection with about 30 KiB
 * of buffers, has no header deadline by default, and at its optional connection cap refuses <em>new</em>
 * connections, so a few thousand slow clients either exhaust a 64 MB heap or lock everyone out (measured:
 * out of memory at 2,006 slowloris connections). Here an idle or slow connection costs about 5 KiB, and at
 * {@link GatewayLimits#maxConnections()} the connection that has waited longest for its headers makes room.
 */
public final class GatewayServer implements Channel {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /** Largest request body read, in bytes (SPEC: 1 MiB); one byte more gets 413 {@code body_too_large}. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Seconds {@link #stop()} waits for requests in progress before closing their connections. */
    static final int STOP_DELAY_S = 1;
    /** Least time between two WARN lines about a limit being hit: 60 s (the rest go to DEBUG). */
    private static final long LIMIT_LOG_EVERY_NANOS = 60_000_000_000L;
    /** Pause after a failed {@code accept} (for example out of file descriptors): 100 ms. */
    private static final long ACCEPT_RETRY_MS = 100;
    private static final byte[] BUSY = busyAnswer();

    private final String host;
    private final int port;
    private final List<Route> routes;
    private final RequestAuthenticator authenticator;
    private final GatewayLimits limits;
    private final LongSupplier nanos;
    private final Semaphore bodies;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLimitLog = new AtomicLong(Long.MIN_VALUE);
    private final ThreadFactory threads = Thread.ofVirtual().name("http-", 0).factory();
    private volatile boolean running;
    private ServerSocket listener;
    private Thread acceptor;
    private Thread reaper;

    /**
     * A gateway with {@link GatewayLimits#DEFAULTS}.
     *
     * @param host address to bind (loopback unless the operator allowed remote access)
     * @param port TCP port; 0 picks a free one
     * @throws IllegalArgumentException when two routes share a method and path template
     */
    public GatewayServer(String host, int port, List<Route> routes, RequestAuthenticator authenticator) {
        this(host, port, routes, authenticator, GatewayLimits.DEFAULTS, Ticker.SYSTEM::nanoTime);
    }

    /** A gateway with other limits (tests) and elapsed time from {@code nanos}. */
    GatewayServer(String host, int port, List<Route> routes, RequestAuthenticator authenticator, GatewayLimits limits, LongSupplier nanos) {
        this.host = host;
        this.port = port;
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        this.limits = limits;
        this.nanos = nanos;
        this.bodies = new Semaphore(limits.maxBodiesInFlight());
        Set<String> seen = new HashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method() + " " + r.pathTemplate())) {
                throw new IllegalArgumentException("two handlers for " + r.method() + " " + r.pathTemplate());
            }
        }
    }

    /** Binds and starts serving. @throws BlufioException {@code gateway_bind} when the address is taken */
    @Override
    public synchronized void start() {
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getByName(host), port), GatewayLimits.ACCEPT_BACKLOG);
            listener = ss;
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.GATEWAY_BIND, "cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another program using the port? set gateway.port or BLUFIO_GATEWAY__PORT)", e);
        }
        running = true;
        // a platform thread: accepting never waits for a carrier behind thousands of connection threads
        acceptor = Thread.ofPlatform().daemon().name("gateway-accept").start(this::acceptLoop);
        reaper = Thread.ofVirtual().name("gateway-reaper").start(this::reapLoop);
        log.info("gateway listening on http://{}:{}", host, port());
    }

    /** Returns {@code api}, the channel of the HTTP API's session keys ({@code api:<name>}) and inbox rows. */
    @Override
    public String name() {
        return "api";
    }

    /** Returns {@code up} while listening, {@code off} before {@link #start()} and after {@link #stop()}; no I/O. */
    @Override
    public ChannelHealth health() {
        return new ChannelHealth(running ? ChannelState.UP : ChannelState.OFF, null, null);
    }

    /** Returns the bound port (useful with port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /** Counters of the transport since start, for tests and benchmarks. */
    public record Stats(int open, long evicted, long timedOut, long refused) {}

    /**
     * Returns the open connections, those closed to make room at the cap ({@code evicted}), those closed at
     * a deadline ({@code timedOut}) and those refused with 503 because every slot was busy ({@code refused}).
     */
    public Stats stats() {
        return new Stats(open.get(), evicted.get(), timedOut.get(), refused.get());
    }

    /**
     * Stops listening, closes idle connections, waits up to {@link #STOP_DELAY_S} s for requests in
     * progress, then closes the rest. Safe to call twice.
     */
    @Override
    public synchronized void stop() {
        if (!running) return;
        running = false;
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("gateway: closing the listener failed: {}", e.toString());
        }
        for (HttpConnection c : connections) {
            if (!c.evict(HttpConnection.Phase.IDLE)) c.evict(HttpConnection.Phase.HEAD);
        }
        long until = nanos.getAsLong() + STOP_DELAY_S * 1_000_000_000L;
        while (!connections.isEmpty() && nanos.getAsLong() - until < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (HttpConnection c : connections) {
            c.close();
            c.interrupt();
        }
        acceptor.interrupt();
        reaper.interrupt();
    }

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!running) return;
                log.warn("gateway: accept failed: {}; retrying in {} ms", e.toString(), ACCEPT_RETRY_MS);
                try {
                    Thread.sleep(ACCEPT_RETRY_MS);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (!makeRoom()) {
                refuse(s);
                continue;
            }
            HttpConnection c = new HttpConnection(this, s);
            connections.add(c);
            open.incrementAndGet();
            threads.newThread(c::run).start();
        }
    }

    /**
     * Returns true when there is a slot for one more connection. At the cap it closes the connection that has
     * waited longest for its request headers (slow clients first), else the one idle longest between requests;
     * false when every connection is busy reading a body or in a handler.
     */
    private boolean makeRoom() {
        while (open.get() >= limits.maxConnections()) {
            HttpConnection victim = oldest(HttpConnection.Phase.HEAD);
            HttpConnection.Phase phase = HttpConnection.Phase.HEAD;
            if (victim == null) {
                victim = oldest(HttpConnection.Phase.IDLE);
                phase = HttpConnection.Phase.IDLE;
            }
            if (victim == null) return false;
            if (victim.evict(phase)) {
                removed(victim);
                evicted.incrementAndGet();
                limitHit("connections", limits.maxConnections() + " connections open; closing the one that waited longest for its request");
            }
        }
        return true;
    }

    private HttpConnection oldest(HttpConnection.Phase phase) {
        HttpConnection oldest = null;
        for (HttpConnection c : connections) {
            if (c.phase() == phase && (oldest == null || c.since() - oldest.since() < 0)) oldest = c;
        }
        return oldest;
    }

    private void refuse(Socket s) {
        refused.incrementAndGet();
        limitHit("connections", limits.maxConnections() + " connections open and all busy; refusing new ones with 503");
        try (s; OutputStream out = s.getOutputStream()) {
            out.write(BUSY);  // a fresh socket's send buffer is empty: this never blocks
        } catch (IOException e) {
            log.debug("gateway: refusing a connection failed: {}", e.toString());
        }
    }

    private void reapLoop() {
        while (running) {
            try {
                Thread.sleep(GatewayLimits.REAPER_TICK);
            } catch (InterruptedException e) {
                return;
            }
            long now = nanos.getAsLong();
            for (HttpConnection c : connections) {
                if (c.overdue(now)) {
                    HttpConnection.Phase p = c.phase();
                    timedOut.incrementAndGet();
                    c.close();
                    log.debug("gateway: closed a connection past its {} deadline", p);
                }
            }
        }
    }

    /** Forgets a closed connection; safe to call twice for one connection. */
    void removed(HttpConnection c) {
        if (connections.remove(c)) open.decrementAndGet();
    }

    /** Logs that limit {@code what} was hit: WARN at most once a minute, DEBUG otherwise. */
    void limitHit(String what, String detail) {
        long now = nanos.getAsLong();
        long last = lastLimitLog.get();
        if ((last == Long.MIN_VALUE || now - last > LIMIT_LOG_EVERY_NANOS) && lastLimitLog.compareAndSet(last, now)) {
            log.warn("gateway: limit reached ({}): {}; see README, HTTP API limits", what, detail);
        } else {
            log.debug("gateway: limit reached ({}): {}", what, detail);
        }
    }

    private static byte[] busyAnswer() {
        String body = "{\"error\":{\"code\":\"busy\",\"message\":\"every connection slot is busy; retry in a second\"}}";
        return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The route for a request, with its path parameters; {@code route} is null when none matches. */
    record Match(Route route, Map<String, String> params, boolean pathKnown) {}

    Match match(String method, String path) {
        boolean pathKnown = false;
        for (Route r : routes) {
            Map<String, String> m = r.match(path);
            if (m == null) continue;
            pathKnown = true;
            if (r.method().equals(method)) return new Match(r, m, true);
        }
        return new Match(null, Map.of(), pathKnown);
    }

    GatewayLimits limits() {
        return limits;
    }

    long nanos() {
        return nanos.getAsLong();
    }

    Semaphore bodies() {
        return bodies;
    }

    RequestAuthenticator authenticator() {
        return authenticator;
    }

    boolean running() {
        return running;
    }
}
