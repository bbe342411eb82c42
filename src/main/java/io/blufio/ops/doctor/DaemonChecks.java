package io.blufio.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.Redactor;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The running daemon: reachable and healthy (its signed {@code /v1/health}), and with {@code --deep} its memory baseline (SPEC 11). */
final class DaemonChecks {
    static final String START_FIX = "start it: systemctl start blufio (or blufio serve)";

    private DaemonChecks() {}

    static Check daemon(DoctorContext ctx) {
        return new Check("daemon", ctx.limits().check(), "the daemon holds the data dir but does not answer: see its log, then systemctl restart blufio", () -> {
            Optional<io.blufio.store.DataDir.Holder> holder = ctx.dataDir().holder();
            if (holder.isPresent() && !io.blufio.store.DataDir.SERVE.equals(holder.get().kind())) {  // the same words as status
                return CheckResult.warn("daemon", io.blufio.store.DataDir.heldBy(holder.get()), "then start the daemon: " + START_FIX);
            }
            OptionalLong pid = holder.map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty());
            Optional<JsonNode> health;
            try {
                health = ctx.daemonHealth().get(ctx.limits().check().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return CheckResult.fail("daemon", "pid " + pid.orElse(-1) + " holds the data dir but its API does not answer: "
                        + Redactor.redact(String.valueOf(e.getCause().getMessage())), "see its log (journalctl -u blufio); then systemctl restart blufio");
            }
            if (health.isEmpty()) {
                String stale = java.nio.file.Files.exists(ctx.dataDir().pidFile()) ? " (a stale pid file was left by a crash; serve takes it over)" : "";
                return CheckResult.warn("daemon", "not running" + stale, START_FIX);
            }
            JsonNode h = health.get();
            String status = h.path("status").asText("?");
            String detail = "pid " + h.path("pid").asText() + ", " + status + ", up " + h.path("uptime_s").asLong() + " s, version " + h.path("version").asText();
            StringBuilder reasons = new StringBuilder();
            h.path("reasons").forEach(r -> reasons.append(reasons.isEmpty() ? "" : "; ").append(r.asText()));
            if ("healthy".equals(status)) return CheckResult.ok("daemon", detail);
            String fix = "see `blufio status`; " + (reasons.isEmpty() ? "and the daemon's log" : reasons);
            return "degraded".equals(status) ? CheckResult.warn("daemon", detail, fix) : CheckResult.fail("daemon", detail, fix);
        });
    }

    static Check memory(DoctorContext ctx) {
        return new Check("memory baseline", ctx.limits().check(), "the daemon did not answer: see `blufio status`", () -> {
            Optional<JsonNode> health = ctx.daemonHealth().get(ctx.limits().check().toMillis(), TimeUnit.MILLISECONDS);
            if (health.isEmpty()) return CheckResult.skip("memory baseline", "the daemon is not running");
            JsonNode m = health.get().path("memory");
            long rss = m.path("rss_bytes").asLong();
            long warn = m.path("warn_bytes").asLong();
            long limit = m.path("limit_bytes").asLong();
            int pressure = m.path("pressure").asInt();
            String detail = "RSS " + StoreChecks.mib(rss) + ", heap after GC " + StoreChecks.mib(m.path("heap_after_gc_bytes").asLong())
                    + " (warn " + StoreChecks.mib(warn) + ", limit " + StoreChecks.mib(limit) + ")";
            String fix = "raise daemon.memory_warn_mb and daemon.memory_limit_mb (and MemoryHigh/MemoryMax of the unit) or lower agent.max_sessions";
            if (pressure >= 2) return CheckResult.fail("memory baseline", detail + ": new sessions are refused", fix);
            if (pressure == 1 || (warn > 0 && rss >= warn)) return CheckResult.warn("memory baseline", detail + ": caches are being shed", fix);
            return CheckResult.ok("memory baseline", detail);
        });
    }
}
