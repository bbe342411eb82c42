package io.blufio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Renders the {@code status} report as an aligned dashboard (SPEC 7): one labelled line per component. */
final class StatusView {
    private static final int LABEL = 10;
    private final Style style;
    private final PrintWriter out;

    StatusView(Style style, PrintWriter out) {
        this.style = style;
        this.out = out;
    }

    void print(JsonNode r) {
        boolean running = "running".equals(r.path("state").asText());
        if (running && r.has("status")) {
            out.println(style.bold("blufio") + "  " + style.green("running") + "  pid " + r.path("pid").asText() + ", up "
                    + Style.age(r.path("uptime_s").asLong()) + ", version " + r.path("version").asText());
            String status = r.path("status").asText();
            line(verdict(status), "health", status);
            r.path("reasons").forEach(reason -> {  // the memory line below shows RSS and pressure: one RSS figure, not two
                if (!reason.asText().startsWith("memory:")) out.println(" ".repeat(LABEL + 4) + reason.asText());
            });
            JsonNode llm = r.path("llm");
            String llmState = llm.path("state").asText();
            line("ok".equals(llmState) ? "ok" : "warn", "llm", llm.path("provider").asText() + " " + llm.path("model").asText() + ", " + llmState
                    + ago(", last ok ", llm.path("last_ok_at")) + (llm.path("last_error").isTextual() ? ", last error: " + llm.path("last_error").asText() : ""));
            r.path("channels").fields().forEachRemaining(e -> {
                JsonNode ch = e.getValue();
                String state = ch.path("state").asText();
                line("up".equals(state) ? "ok" : "off".equals(state) ? "skip" : "warn", e.getKey(), state + ago(", last ok ", ch.path("last_ok_at"))
                        + (ch.path("last_error").isTextual() ? ", last error: " + ch.path("last_error").asText() : ""));
            });
            r.path("replies").fields().forEachRemaining(e -> {
                JsonNode d = e.getValue();
                long failed = d.path("failed").asLong();
                JsonNode last = d.path("last_failed");
                line(failed > 0 ? "warn" : "ok", "replies", e.getKey() + ": " + (d.path("pending").asLong() + d.path("sending").asLong())
                        + " to deliver, " + failed + " failed" + (last.isObject() ? "; last failed: turn " + last.path("turn_id").asLong()
                        + ", " + last.path("reason").asText() : ""));
            });
            JsonNode rt = r.path("routing");
            if (rt.path("enabled").asBoolean(false)) {
                StringBuilder mix = new StringBuilder();
                rt.path("turns").fields().forEachRemaining(e -> mix.append(mix.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asLong()));
                String down = rt.path("downgrade").asText("none");
                line("none".equals(down) ? "ok" : "warn", "routing", mix + " turns since start"
                        + ("none".equals(down) ? "" : "; budget downgrade: " + down.replace('_', ' ')));
            }
            r.path("mcp").fields().forEachRemaining(e -> {  // one line per MCP server
                JsonNode mc = e.getValue();
                String state = mc.path("state").asText();
                int withheld = mc.path("withheld").size();
                line("down".equals(state) ? "warn" : withheld > 0 ? "warn" : "ok", "mcp " + e.getKey(), state + ", " + mc.path("tools").size()
                        + " tool(s) offered" + (withheld > 0 ? ", withheld (changed since approval): " + join(mc.path("withheld")) : "")
                        + (mc.path("last_error").isTextual() ? ", last error: " + mc.path("last_error").asText() : ""));
            });
            JsonNode s = r.path("sessions");
            line("info", "sessions", s.path("active").asInt() + " active / " + s.path("max").asInt() + " max; inbox " + r.path("inbox").path("depth").asLong() + " waiting");
            JsonNode m = r.path("memory");
            int pressure = m.path("pressure").asInt();
            line(pressure == 0 ? "ok" : pressure == 1 ? "warn" : "fail", "memory", "RSS " + Style.mib(m.path("rss_bytes").asLong()) + ", heap "
                    + Style.mib(m.path("heap_used_bytes").asLong()) + "; pressure " + pressure + " (warn " + Style.mib(m.path("warn_bytes").asLong())
                    + ", limit " + Style.mib(m.path("limit_bytes").asLong()) + ")");
        } else {
            out.println(style.bold("blufio") + "  " + (running ? style.yellow("running, pid " + r.path("pid").asText()) : style.red("not running"))
                    + "  data dir " + r.path("data_dir").asText());
            if (r.path("stale_pid_file").isTextual()) {
                line("warn", "pid file", "stale (pid " + r.path("stale_pid_file").asText() + " is gone: it did not stop cleanly; serve takes the file over)");
            }
            if (r.path("problem").isTextual()) line("warn", "api", r.path("problem").asText());
            line("info", "sessions", r.path("sessions").path("total").asLong() + " in the database");
        }
        JsonNode sch = r.path("schedules");
        if (!sch.isMissingNode()) {
            JsonNode next = sch.path("next");
            line("info", "schedules", sch.path("active").asLong() + " active" + (next.isObject()
                    ? "; next #" + next.path("id").asLong() + " at " + next.path("at").asText() + until(next.path("at")) + " (" + next.path("session").asText() + ")"
                    : ""));
        }
        JsonNode b = r.path("budget");
        if (!b.isMissingNode()) line("info", "cost", "today " + money(b.path("day")) + ", this month " + money(b.path("month")));
        out.flush();
    }

    private static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(x -> sb.append(sb.isEmpty() ? "" : ", ").append(x.asText()));
        return sb.toString();
    }

    private void line(String verdict, String label, String text) {
        out.println("  " + style.mark(verdict) + " " + Style.pad(label, LABEL) + text);
    }

    private static String verdict(String status) {
        return switch (status) {
            case "healthy" -> "ok";
            case "degraded" -> "warn";
            default -> "fail";
        };
    }

    private static String money(JsonNode n) {
        String spent = String.format(Locale.ROOT, "$%.4f", n.path("spent_usd").asDouble());
        return n.path("cap_usd").isNumber() ? spent + String.format(Locale.ROOT, " of $%.2f", n.path("cap_usd").asDouble()) : spent + " (no cap)";
    }

    private static String until(JsonNode when) {
        if (!when.isTextual()) return "";
        long s = Duration.between(Instant.now(), Instant.parse(when.asText())).toSeconds();
        return s >= 0 ? ", in " + Style.age(s) : ", " + Style.age(-s) + " overdue";
    }

    private static String ago(String prefix, JsonNode when) {
        if (!when.isTextual()) return "";
        return prefix + Style.age(Duration.between(Instant.parse(when.asText()), Instant.now()).toSeconds()) + " ago";
    }
}
