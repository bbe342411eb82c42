package io.blufio.channel.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.blufio.BlufioException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API server: the JDK server on a virtual-thread executor, routes registered at start-up,
 * bodies capped at {@link #MAX_BODY_BYTES}, signatures checked before any signed handler runs.
 */
public final class GatewayServer {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /** Largest request body read, in bytes (SPEC: 1 MiB); one byte more gets 413 {@code body_too_large}. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Seconds {@link #stop()} waits for exchanges in progress. */
    static final int STOP_DELAY_S = 1;

    private final String host;
    private final int port;
    private final List<Route> routes;
    private final RequestAuthenticator authenticator;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param host address to bind (loopback unless the operator allowed remote access)
     * @param port TCP port; 0 picks a free one
     * @throws IllegalArgumentException when two routes share a method and path template
     */
    public GatewayServer(String host, int port, List<Route> routes, RequestAuthenticator authenticator) {
        this.host = host;
        this.port = port;
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method() + " " + r.pathTemplate())) {
                throw new IllegalArgumentException("two handlers for " + r.method() + " " + r.pathTemplate());
            }
        }
    }

    /** Binds and starts serving. @throws BlufioException {@code gateway_bind} when the address is taken */
    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        } catch (IOException e) {
            throw new BlufioException("gateway_bind", "cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another program using the port? set gateway.port or BLUFIO_GATEWAY__PORT)", e);
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        log.info("gateway listening on http://{}:{}", host, port());
    }

    /** Returns the bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and waits up to {@link #STOP_DELAY_S} s for exchanges in progress. Safe to call twice. */
    public synchronized void stop() {
        if (server == null) return;
        server.stop(STOP_DELAY_S);
        executor.shutdownNow();
        server = null;
    }

    private void dispatch(HttpExchange ex) {
        Request req = null;
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            Route route = null;
            Map<String, String> params = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Map<String, String> m = r.match(path);
                if (m == null) continue;
                pathKnown = true;
                if (r.method().equals(method)) {
                    route = r;
                    params = m;
                    break;
                }
            }
            try {
                if (route == null) {
                    if (pathKnown) throw new ApiError(405, "method_not_allowed", method + " is not allowed on " + path);
                    throw ApiError.notFound("no route " + method + " " + path);
                }
                byte[] body = readBody(ex.getRequestBody());
                String device = null;
                if (route.signed()) {
                    device = authenticator.authenticate(method, path, ex.getRequestURI().getRawQuery(),
                            h -> ex.getRequestHeaders().getFirst(h), body).orElseThrow(ApiError::unauthenticated);
                }
                req = new Request(ex, body, params, device);
                route.handler().handle(req);
            } catch (ApiError e) {
                if (req == null || !req.answered()) {
                    new Request(ex, new byte[0], Map.of(), null).respondJson(e.status(), Request.errorBody(e.code(), e.getMessage()));
                }
            } catch (BlufioException e) {
                log.warn("{} {}: {} ({})", method, path, e.getMessage(), e.code());
                if (req == null || !req.answered()) {
                    new Request(ex, new byte[0], Map.of(), null).respondJson(500, Request.errorBody(e.code(), e.getMessage()));
                }
            } catch (RuntimeException e) {
                log.error("{} {} failed", method, path, e);
                if (req == null || !req.answered()) {
                    new Request(ex, new byte[0], Map.of(), null).respondJson(500, Request.errorBody("internal", "internal error; see the daemon log"));
                }
            }
        } catch (IOException e) {
            log.debug("client went away: {}", e.toString());
        }
    }

    /** Reads at most {@link #MAX_BODY_BYTES} + 1 bytes; more is refused with 413. */
    static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) throw ApiError.bodyTooLarge(MAX_BODY_BYTES);
        return body;
    }
}
