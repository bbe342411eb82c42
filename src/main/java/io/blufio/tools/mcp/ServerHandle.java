package io.blufio.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.Redactor;
import io.blufio.config.McpServerConfig;
import io.blufio.tools.ToolOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server and its lifecycle: started at first need, its tool list kept (and refreshed every
 * {@code refresh} while it runs), restarted after a death or failure no sooner than the back-off allows
 * ({@link #BACKOFF_FIRST} doubling to {@link #BACKOFF_MAX}), stopped when idle. Thread-safe: starts are
 * serialised, calls run concurrently.
 */
final class ServerHandle {
    private static final Logger log = LoggerFactory.getLogger(ServerHandle.class);
    /** Wait before the first retry of a server that failed or died. */
    static final Duration BACKOFF_FIRST = Duration.ofSeconds(1);
    /** Longest wait between retries. */
    static final Duration BACKOFF_MAX = Duration.ofSeconds(60);
    /** Longest stderr line of a server that is logged, in characters. */
    static final int MAX_STDERR_CHARS = 500;

    /** Opens a link; {@link McpLink#open} in production. */
    interface Opener {
        McpLink open(McpServerConfig cfg) throws Exception;
    }

    private final McpServerConfig cfg;
    private final Opener opener;
    private final McpEvents events;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Duration refresh;
    private final ReentrantLock startLock = new ReentrantLock();

    private volatile McpLink link;
    private volatile List<ListedTool> listing;
    private volatile long listedAtNanos;
    private volatile boolean stale;
    private volatile ServerState state = ServerState.NOT_STARTED;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile long lastUsedNanos;
    private volatile long retryAtNanos;
    private volatile int failures;
    private volatile int starts;
    private volatile boolean closed;

    ServerHandle(McpServerConfig cfg, Opener opener, McpEvents events, Clock clock, LongSupplier nanos, Duration refresh) {
        this.cfg = cfg;
        this.opener = opener;
        this.events = events;
        this.clock = clock;
        this.nanos = nanos;
        this.refresh = refresh;
        this.lastUsedNanos = nanos.getAsLong();
    }

    McpServerConfig config() {
        return cfg;
    }

    ServerState state() {
        return state;
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorAt() {
        return lastErrorAt;
    }

    int restarts() {
        return Math.max(0, starts - 1);
    }

    /** Marks the tool list stale (a {@code notifications/tools/list_changed} came): it is read again at the next turn. */
    void toolsChanged() {
        stale = true;
    }

    /**
     * Returns the server's tools: the kept list, read again when stale or older than {@code refresh} while the server
     * runs; starts the server when it has never listed (waiting up to {@code timeout_s}). Empty while it is down.
     */
    List<ListedTool> listing() {
        List<ListedTool> l = listing;
        McpLink current = link;
        if (l == null) {
            try {
                connect();  // lists the tools once connected
            } catch (Unavailable e) {
                log.debug("mcp {}: no tool list: {}", cfg.name(), e.getMessage());
            }
        } else if (current != null && (stale || nanos.getAsLong() - listedAtNanos >= refresh.toNanos())) {
            try {
                relist(current);
            } catch (Exception e) {
                log.debug("mcp {}: tool list not refreshed: {}", cfg.name(), e.toString());
            }
        }  // idle or down with a list: keep it; the server starts again only to call
        List<ListedTool> now = listing;
        return now == null ? List.of() : now;
    }

    private void relist(McpLink ln) throws Exception {
        try {
            listing = List.copyOf(ln.listTools());
            listedAtNanos = nanos.getAsLong();
            stale = false;
        } catch (Exception e) {
            failed(ln, "tools/list failed: " + describe(e));
            throw e;
        }
    }

    /** Returns the live link, starting the server first when needed. @throws Unavailable when it cannot be had now */
    McpLink connect() throws Unavailable {
        McpLink l = link;
        if (l != null) return l;
        if (closed) throw new Unavailable("the daemon is stopping");
        startLock.lock();
        try {
            l = link;
            if (l != null) return l;
            long now = nanos.getAsLong();
            if (failures > 0 && now - retryAtNanos < 0) {
                throw new Unavailable("it failed " + Duration.ofNanos(retryAtNanos - now).toSeconds() + " s before a retry is allowed: " + lastError);
            }
            state = ServerState.STARTING;
            starts++;
            try {
                McpLink opened = opener.open(cfg);
                List<ListedTool> tools = List.copyOf(opened.listTools());
                link = opened;
                listing = tools;
                listedAtNanos = nanos.getAsLong();
                stale = false;
                failures = 0;
                state = ServerState.UP;
                lastUsedNanos = nanos.getAsLong();
                opened.process().ifPresent(p -> p.onExit().thenRun(() -> died(opened, p)));
                log.info("mcp {}: started ({}, {} tool(s))", cfg.name(), cfg.stdio() ? "stdio" : cfg.url(), tools.size());
                return opened;
            } catch (Exception e) {
                failures++;
                long wait = Math.min(BACKOFF_MAX.toNanos(), BACKOFF_FIRST.toNanos() << Math.min(failures - 1, 10));
                retryAtNanos = nanos.getAsLong() + wait;
                state = ServerState.DOWN;
                error("cannot start: " + describe(e));
                log.warn("mcp {}: cannot start ({}); next try in {} s at the earliest", cfg.name(), lastError, wait / 1_000_000_000L);
                throw new Unavailable(lastError, e);
            }
        } finally {
            startLock.unlock();
        }
    }

    /**
     * Calls {@code tool} (the server's own name); never throws. Bounded by {@code timeout_s}; the result is cut to
     * {@code max_output_bytes}.
     */
    ToolOutput call(String tool, JsonNode input) {
        McpLink l;
        try {
            l = connect();
        } catch (Unavailable e) {
            events.call(cfg.name(), "unavailable");
            return ToolOutput.error("MCP server " + cfg.name() + " is unavailable: " + e.getMessage());
        }
        lastUsedNanos = nanos.getAsLong();
        try {
            ToolOutput out = l.call(tool, input, cfg.maxOutputBytes());
            events.call(cfg.name(), out.isError() ? "error" : "ok");
            return out;
        } catch (RuntimeException | TimeoutException e) {
            boolean timeout = isTimeout(e);
            events.call(cfg.name(), timeout ? "timeout" : "failed");
            if (timeout) {
                log.warn("mcp {}: {} timed out after {} s (mcp.servers.timeout_s)", cfg.name(), tool, cfg.timeoutS());
                return ToolOutput.error("MCP tool " + cfg.name() + "__" + tool + " timed out after " + cfg.timeoutS() + " s");
            }
            if (!l.initialized() || l.process().map(p -> !p.isAlive()).orElse(false)) failed(l, "connection lost during " + tool + ": " + describe(e));
            log.warn("mcp {}: {} failed: {}", cfg.name(), tool, describe(e));
            return ToolOutput.error("MCP tool " + cfg.name() + "__" + tool + " failed: " + describe(e));
        } finally {
            lastUsedNanos = nanos.getAsLong();
        }
    }

    /** Stops the server when its last use is {@code idle} or more ago (its tool list is kept). */
    void stopIfIdle(Duration idle) {
        McpLink l = link;
        if (l == null || !cfg.stdio() || nanos.getAsLong() - lastUsedNanos < idle.toNanos()) return;
        startLock.lock();
        try {
            if (link != l) return;
            link = null;
            state = ServerState.IDLE;
        } finally {
            startLock.unlock();
        }
        log.info("mcp {}: stopped after {} s idle", cfg.name(), idle.toSeconds());
        l.close();
    }

    private void died(McpLink l, ProcessHandle p) {
        if (closed || link != l) return;
        failed(l, "the server process exited");
        log.warn("mcp {}: the server process (pid {}) exited; restarted at the next need, after back-off", cfg.name(), p.pid());
    }

    /** Drops {@code l} after a failure: the next use starts the server again (after back-off). */
    private void failed(McpLink l, String why) {
        startLock.lock();
        try {
            if (link != l) return;
            link = null;
            failures++;
            long wait = Math.min(BACKOFF_MAX.toNanos(), BACKOFF_FIRST.toNanos() << Math.min(failures - 1, 10));
            retryAtNanos = nanos.getAsLong() + wait;
            state = ServerState.DOWN;
            error(why);
        } finally {
            startLock.unlock();
        }
        l.close();
    }

    private void error(String why) {
        lastError = Redactor.redact(why);
        lastErrorAt = clock.instant();
    }

    /** Stops the server for good (daemon shutdown). */
    void close() {
        closed = true;
        McpLink l = link;
        link = null;
        if (l != null) l.close();
    }

    /** Logs one stderr line of the server at debug level, bounded and redacted. */
    void stderr(String line) {
        if (log.isDebugEnabled()) {
            String s = line.length() > MAX_STDERR_CHARS ? line.substring(0, MAX_STDERR_CHARS) + "..." : line;
            log.debug("mcp {} stderr: {}", cfg.name(), Redactor.redact(s));
        }
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) return true;
            String m = t.getMessage();
            if (m != null && m.contains("Did not observe any item or terminal signal within")) return true;  // Reactor's timeout()
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root instanceof java.util.concurrent.ExecutionException)) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /** The server cannot be used now; the message says why (no secret). */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
