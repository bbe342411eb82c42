package io.blufio.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.Version;
import io.blufio.agent.Agent;
import io.blufio.channel.Channel;
import io.blufio.channel.ChannelHealth;
import io.blufio.llm.ProviderStatus;
import io.blufio.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's health, computed from cached component states (no I/O), in the sense of Spring Boot
 * Actuator: <em>liveness</em> = the process and its dispatch loop run; <em>readiness</em> = the database
 * is open and turns are accepted; <em>status</em> = healthy, degraded (works, but something needs the
 * operator: no LLM key, a channel down) or unhealthy (cannot serve turns).
 */
public final class Health {
    /** A dispatcher pass older than this means the event loop is stuck (liveness fails). */
    static final Duration DISPATCH_STALL = Duration.ofSeconds(30);

    private final Database db;
    private final Agent agent;
    private final ProviderStatus llm;
    private final List<Channel> channels;
    private final Clock clock;
    private final Instant startedAt;
    private volatile io.blufio.agent.BudgetGuard budget;
    private volatile io.blufio.agent.ModelRouter router;
    private volatile MemoryMonitor monitor;
    private volatile WalWatch wal;
    private volatile boolean vaultPresent;
    private volatile java.util.function.BooleanSupplier embeddingLoaded = () -> false;
    private volatile io.blufio.agent.Scheduler scheduler;

    public Health(Database db, Agent agent, ProviderStatus llm, List<Channel> channels, Clock clock) {
        this.db = db;
        this.agent = agent;
        this.llm = llm;
        this.channels = List.copyOf(channels);
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Adds the budget to the detailed report. */
    public void budget(io.blufio.agent.BudgetGuard budget) {
        this.budget = budget;
    }

    /** Adds model routing (its models, tier mix and budget downgrade) to the detailed report. */
    public void routing(io.blufio.agent.ModelRouter router) {
        this.router = router;
    }

    /** Records whether a vault exists; {@code serve} refuses to start when one exists and cannot be unlocked. */
    public void vault(boolean present) {
        this.vaultPresent = present;
    }

    /** Tells how to read whether the embedding model is loaded (a cheap flag, no I/O). */
    public void embedding(java.util.function.BooleanSupplier loaded) {
        this.embeddingLoaded = loaded;
    }

    /** Adds the schedules (active count and next fire, as of the scheduler's last pass) to the detailed report. */
    public void schedules(io.blufio.agent.Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Adds the memory monitor (pressure, limits) to the reports. */
    public void memory(MemoryMonitor monitor) {
        this.monitor = monitor;
    }

    /** Adds the WAL watch: a deleted or replaced {@code -wal} file makes the daemon unhealthy. */
    public void wal(WalWatch wal) {
        this.wal = wal;
    }

    private volatile java.util.function.Supplier<List<io.blufio.tools.mcp.ServerStatus>> mcp;

    /** Reports the MCP servers (each as last seen: no I/O); a server that is down degrades health, naming it. */
    public void mcp(java.util.function.Supplier<List<io.blufio.tools.mcp.ServerStatus>> servers) {
        this.mcp = servers;
    }

    /** A health verdict with the reasons for anything less than healthy. */
    public record Verdict(String status, List<String> reasons) {}

    /** Returns {@code healthy}, {@code degraded} or {@code unhealthy} with reasons. */
    public Verdict verdict() {
        List<String> bad = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (db.isClosed()) bad.add("db: closed");
        WalWatch w = wal;
        if (w != null) w.problem().ifPresent(bad::add);
        if (!live()) bad.add("agent: the inbox dispatcher has not run for over " + DISPATCH_STALL.toSeconds() + " s");
        if (!agent.accepting()) bad.add("agent: shutting down");
        if (!llm.keyPresent()) {
            degraded.add("llm: no API key for provider " + llm.name() + " (set " + keyEnv() + " or run: blufio config set-secret "
                    + llm.name() + ".api_key)");
        } else if (llm.lastError() != null) {
            degraded.add("llm: last call failed: " + llm.lastError());
        }
        for (Channel ch : channels) {
            ChannelHealth h = ch.health();
            if (!h.up() && h.state() != io.blufio.channel.ChannelState.OFF) {
                degraded.add(ch.name() + ": " + h.state().wire() + (h.lastError() == null ? "" : " (" + h.lastError() + ")"));
            }
        }
        db.diskFull().ifPresent(reason -> degraded.add("disk: " + reason));
        MemoryMonitor mm = monitor;
        if (mm != null && mm.pressure() > 0) {
            degraded.add("memory: pressure " + mm.pressure() + " (RSS " + (mm.last().rssBytes() >> 20) + " MiB; warn "
                    + (mm.warnBytes() >> 20) + " MiB, limit " + (mm.limitBytes() >> 20) + " MiB)" + (mm.pressure() == 2 ? "; new sessions refused" : ""));
        }
        var servers = mcp;
        if (servers != null) {
            for (io.blufio.tools.mcp.ServerStatus st : servers.get()) {
                if (!st.healthy()) degraded.add("mcp " + st.name() + ": " + st.state().wire() + (st.lastError() == null ? "" : " (" + st.lastError() + ")"));
            }
        }
        if (!bad.isEmpty()) {
            bad.addAll(degraded);
            return new Verdict("unhealthy", bad);
        }
        return new Verdict(degraded.isEmpty() ? "healthy" : "degraded", degraded);
    }

    private String keyEnv() {
        return llm.name().equals("openai") ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    }

    /** Returns true while the dispatcher loop has run recently. */
    public boolean live() {
        return Duration.between(agent.lastDispatchAt(), clock.instant()).compareTo(DISPATCH_STALL) < 0;
    }

    /** Returns true when the database is open and new turns are accepted. */
    public boolean ready() {
        return !db.isClosed() && agent.accepting();
    }

    /** Returns whole seconds since the daemon started. */
    public long uptimeSeconds() {
        return Duration.between(startedAt, clock.instant()).toSeconds();
    }

    /** Returns the SPEC's {@code /health} object: status, uptime_s, version, and reasons. */
    public ObjectNode summary(ObjectMapper json) {
        Verdict v = verdict();
        ObjectNode n = json.createObjectNode().put("status", v.status()).put("uptime_s", uptimeSeconds()).put("version", Version.current());
        v.reasons().forEach(n.putArray("reasons")::add);
        return n;
    }

    /** Returns the detailed components of {@code /v1/health}. */
    public ObjectNode detail(ObjectMapper json) {
        ObjectNode n = summary(json);
        n.putObject("db").put("state", db.isClosed() ? "closed" : db.diskFull().isPresent() ? "disk_full" : "open")
                .put("file", db.file().getFileName().toString()).put("disk_full", db.diskFull().orElse(null));
        ObjectNode l = n.putObject("llm").put("provider", llm.name()).put("model", llm.model()).put("key_present", llm.keyPresent());
        l.put("state", !llm.keyPresent() ? "no_key" : llm.lastError() != null ? "error" : "ok");
        l.put("last_ok_at", str(llm.lastOkAt())).put("last_error", llm.lastError()).put("last_error_at", str(llm.lastErrorAt()));
        ObjectNode chs = n.putObject("channels");
        for (Channel ch : channels) {
            ChannelHealth h = ch.health();
            chs.putObject(ch.name()).put("state", h.state().wire()).put("last_ok_at", str(h.lastOkAt())).put("last_error", h.lastError());
        }
        ObjectNode replies = n.putObject("replies");
        agent.deliveries().forEach((ch, d) -> {
            ObjectNode r = replies.putObject(ch).put("pending", d.pending()).put("sending", d.sending()).put("failed", d.failed());
            if (d.lastFailedTurn() != 0) r.putObject("last_failed").put("turn_id", d.lastFailedTurn()).put("reason", d.lastFailure());
        });
        MemoryMonitor mm = monitor;
        // the monitor's own last sample, so the RSS here is the one the pressure (and /health's reason) was judged on
        ObjectNode mem = (mm != null && mm.last() != null ? mm.last() : MemorySample.now()).toJson(json);
        if (mm != null) mem.put("pressure", mm.pressure()).put("warn_bytes", mm.warnBytes()).put("limit_bytes", mm.limitBytes());
        n.set("memory", mem);
        io.blufio.agent.BudgetGuard b = budget;
        if (b != null) {
            ObjectNode bn = n.putObject("budget");
            bn.putObject("day").put("spent_usd", b.spentToday().doubleValue()).put("cap_usd", b.dailyCap() == null ? null : b.dailyCap().doubleValue());
            bn.putObject("month").put("spent_usd", b.spentThisMonth().doubleValue())
                    .put("cap_usd", b.monthlyCap() == null ? null : b.monthlyCap().doubleValue());
        }
        io.blufio.agent.ModelRouter r = router;
        if (r != null) {
            ObjectNode rn = n.putObject("routing").put("enabled", r.enabled());
            if (r.enabled()) {
                ObjectNode models = rn.putObject("models");
                for (io.blufio.agent.Tier t : io.blufio.agent.Tier.values()) models.put(t.label(), r.model(t));
                ObjectNode turns = rn.putObject("turns");  // the tier mix since start
                r.tierCounts().forEach(turns::put);
                rn.put("downgrade", r.downgrade());
            }
        }
        n.putObject("sessions").put("active", agent.activeSessions()).put("max", agent.maxSessions());
        n.putObject("inbox").put("depth", agent.inboxDepth());
        io.blufio.agent.Scheduler sch = scheduler;
        if (sch != null) n.set("schedules", OfflineStatus.schedulesJson(json, sch.activeCached(), sch.nextCached().orElse(null)));
        n.putObject("vault").put("present", vaultPresent).put("unlocked", vaultPresent);
        n.putObject("embedding").put("loaded", embeddingLoaded.getAsBoolean());
        var servers = mcp;
        ObjectNode mn = n.putObject("mcp");
        if (servers != null) {
            for (io.blufio.tools.mcp.ServerStatus st : servers.get()) {
                ObjectNode sn = mn.putObject(st.name()).put("transport", st.transport()).put("state", st.state().wire())
                        .put("last_error", st.lastError()).put("last_error_at", str(st.lastErrorAt())).put("restarts", st.restarts());
                st.offered().forEach(sn.putArray("tools")::add);
                st.withheld().forEach(sn.putArray("withheld")::add);
                st.unapproved().forEach(sn.putArray("unapproved")::add);
            }
        }
        n.put("pid", ProcessHandle.current().pid());
        return n;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
