package io.blufio.tools.mcp;

import io.blufio.Redactor;
import io.blufio.config.McpServerConfig;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured MCP servers as a {@link ToolSource}: at each turn, the tools of every server that are approved
 * with their current hash ({@link ToolHash}) and allowed by {@code enabled_tools}, named {@code SERVER__TOOL}. A tool
 * whose hash changed since approval is withheld (one WARN per new hash) until {@code blufio mcp approve} again.
 * A server that cannot start or dies costs only its own tools. Stdio servers idle for {@link #IDLE_STOP} are
 * stopped; everything is stopped by {@link #close()}.
 */
public final class McpHub implements ToolSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpHub.class);
    /** A stdio server unused this long is stopped (its tool list is kept; the next call starts it again). */
    public static final Duration IDLE_STOP = Duration.ofMinutes(10);
    /** How often a running server's tool list is read again, to notice changed descriptions without a notification. */
    public static final Duration REFRESH = Duration.ofSeconds(60);
    /** Tool names a provider accepts after the {@code SERVER__} prefix ({@code ^[a-zA-Z0-9_-]{1,64}$} in all). */
    static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,41}");
    /** A reference to a vault entry in an {@code env} or {@code headers} value. */
    static final Pattern VAULT_REF = io.blufio.config.McpConfig.VAULT_REF;

    private final List<ServerHandle> servers = new ArrayList<>();
    private final McpApprovals approvals;
    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Thread idleWatch;

    /** The last evaluation of one server's tools. */
    private record View(List<String> offered, List<String> withheld, List<String> unapproved) {}

    /**
     * @param servers the {@code [[mcp.servers]]} tables
     * @param daemonEnv the daemon's environment ({@link ChildProcess#PASSED_ENV} of it reaches stdio servers)
     * @param vault reads a vault entry by name for {@code ${vault:NAME}} references; empty when absent
     */
    public McpHub(List<McpServerConfig> servers, Map<String, String> daemonEnv, Function<String, Optional<String>> vault,
            McpApprovals approvals, McpEvents events, Clock clock, LongSupplier nanos, Duration refresh) {
        this.approvals = approvals;
        for (McpServerConfig cfg : servers) {
            ServerHandle[] self = new ServerHandle[1];
            ServerHandle.Opener opener = c -> {
                Map<String, String> env = resolve(c, "env", c.env(), vault);
                Map<String, String> headers = resolve(c, "headers", c.headers(), vault);
                return McpLink.open(c, ChildProcess.environment(daemonEnv, env), headers, line -> self[0].stderr(line), () -> self[0].toolsChanged());
            };
            self[0] = new ServerHandle(cfg, opener, events, clock, nanos, refresh);
            this.servers.add(self[0]);
        }
    }

    /** Replaces each {@code ${vault:NAME}} in the values by that entry; the values are registered with the redactor. */
    static Map<String, String> resolve(McpServerConfig cfg, String field, Map<String, String> values, Function<String, Optional<String>> vault) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : values.entrySet()) {
            Matcher m = VAULT_REF.matcher(e.getValue());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String secret = vault.apply(name).orElseThrow(() -> new IllegalStateException("mcp.servers (name \"" + cfg.name() + "\")." + field
                        + "." + e.getKey() + " names the vault entry " + name + ", which does not exist; store it with: blufio config set-secret " + name));
                Redactor.register(secret);
                m.appendReplacement(sb, Matcher.quoteReplacement(secret));
            }
            m.appendTail(sb);
            out.put(e.getKey(), sb.toString());
        }
        return out;
    }

    /**
     * What one look at a server found (for {@code mcp list}, {@code mcp approve} and {@code doctor}).
     *
     * @param tools its tools, empty when it could not be reached
     * @param error why it could not be reached (no secret), or null
     */
    public record Probe(String server, List<ListedTool> tools, String error) {}

    /** Starts (or reaches) {@code cfg}'s server, lists its tools and stops it again; bounded by its {@code timeout_s}. */
    public static Probe probe(McpServerConfig cfg, Map<String, String> daemonEnv) {
        try {
            Function<String, Optional<String>> none = n -> Optional.empty();
            Map<String, String> env = ChildProcess.environment(daemonEnv, resolve(cfg, "env", cfg.env(), none));
            try (McpLink l = McpLink.open(cfg, env, resolve(cfg, "headers", cfg.headers(), none), line -> {}, () -> {})) {
                return new Probe(cfg.name(), List.copyOf(l.listTools()), null);
            }
        } catch (Exception e) {
            return new Probe(cfg.name(), List.of(), Redactor.redact(ServerHandle.describe(e)));
        }
    }

    /**
     * Returns how {@code t} of {@code cfg} stands against {@code pins}: {@code approved} (offered), {@code changed} (withheld:
     * its hash differs from the approved one), {@code unapproved}, or {@code not_enabled} (left out by {@code enabled_tools}).
     */
    public static String verdict(McpServerConfig cfg, ListedTool t, Map<String, String> pins) {
        if (cfg.enabledTools() != null && !cfg.enabledTools().contains(t.name())) return "not_enabled";
        String pin = pins.get(t.name());
        if (pin == null) return "unapproved";
        return pin.equals(t.hash()) ? "approved" : "changed";
    }

    /** Starts the idle watch (a virtual thread checking every 30 s). */
    public McpHub start() {
        idleWatch = Thread.ofVirtual().name("mcp-idle-watch").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    return;
                }
                stopIdle(IDLE_STOP);
            }
        });
        return this;
    }

    /** Stops every stdio server whose last use is {@code idle} or more ago (the idle watch calls it with {@link #IDLE_STOP}). */
    void stopIdle(Duration idle) {
        for (ServerHandle s : servers) {
            try {
                s.stopIfIdle(idle);
            } catch (RuntimeException e) {
                log.warn("mcp {}: idle stop failed: {}", s.config().name(), e.toString());
            }
        }
    }

    /** Returns the tools to offer now; servers not listed yet are started in parallel (each bounded by its timeout_s). */
    @Override
    public List<Tool> tools() {
        List<Thread> starting = new ArrayList<>();
        for (ServerHandle s : servers) {
            if (s.state() == ServerState.NOT_STARTED) starting.add(Thread.ofVirtual().name("mcp-start-" + s.config().name()).start(s::listing));
        }
        for (Thread t : starting) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        List<Tool> out = new ArrayList<>();
        for (ServerHandle s : servers) out.addAll(evaluate(s));
        return out;
    }

    private List<Tool> evaluate(ServerHandle s) {
        McpServerConfig cfg = s.config();
        List<ListedTool> listed = s.listing();
        Map<String, String> pins;
        try {
            pins = approvals.approved(cfg.name());
        } catch (RuntimeException e) {
            log.warn("mcp {}: cannot read approvals: {}", cfg.name(), e.toString());
            pins = Map.of();
        }
        List<Tool> offered = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        List<String> unapproved = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ListedTool t : listed) {
            if (!seen.add(t.name())) continue;
            if (cfg.enabledTools() != null && !cfg.enabledTools().contains(t.name())) continue;
            String model = cfg.name() + McpTool.SEPARATOR + t.name();
            if (!TOOL_NAME.matcher(t.name()).matches()) {
                if (warned.add(cfg.name() + "/" + t.name() + "/name")) log.warn("mcp {}: tool name {} is not usable by the model ([A-Za-z0-9_-], at most 41 characters); skipped", cfg.name(), t.name());
                continue;
            }
            String pin = pins.get(t.name());
            if (pin == null) {
                unapproved.add(t.name());
            } else if (!pin.equals(t.hash())) {
                withheld.add(t.name());
                if (warned.add(cfg.name() + "/" + t.name() + "/" + t.hash())) {
                    log.warn("mcp {}: tool {} changed since it was approved (name, description or input schema; hash {} was {}); withheld from"
                            + " the model until approved again: blufio mcp approve {} {}", cfg.name(), model, t.hash().substring(0, 12),
                            pin.substring(0, Math.min(12, pin.length())), cfg.name(), t.name());
                }
            } else {
                offered.add(new McpTool(s, t));
            }
        }
        views.put(cfg.name(), new View(offered.stream().map(Tool::name).toList(), withheld, unapproved));
        return offered;
    }

    /** Returns every server as last seen (no I/O; for health and metrics). */
    public List<ServerStatus> status() {
        List<ServerStatus> out = new ArrayList<>();
        for (ServerHandle s : servers) {
            View v = views.getOrDefault(s.config().name(), new View(List.of(), List.of(), List.of()));
            out.add(new ServerStatus(s.config().name(), s.config().stdio() ? "stdio" : "http", s.state(), v.offered(), v.withheld(),
                    v.unapproved(), s.lastError(), s.lastErrorAt(), s.restarts()));
        }
        return out;
    }

    /** Stops every server (SIGTERM to each stdio server's process group) and the idle watch. */
    @Override
    public void close() {
        Thread w = idleWatch;
        if (w != null) w.interrupt();
        for (ServerHandle s : servers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("mcp {}: stop failed: {}", s.config().name(), e.toString());
            }
        }
    }
}
