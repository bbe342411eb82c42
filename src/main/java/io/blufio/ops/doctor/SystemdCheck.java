package io.blufio.ops.doctor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Under systemd (deep only): {@code systemctl show blufio} for the unit's state, its restart count
 * ({@code NRestarts}), its last {@code Result} and a hit start limit, whose fix is {@code systemctl
 * reset-failed blufio} after the cause is fixed (systemd.unit(5) {@code StartLimitBurst=}). Skipped when
 * systemctl is missing, systemd does not run, or the unit is not installed.
 */
final class SystemdCheck {
    static final String NAME = "systemd";
    static final String UNIT = "blufio";
    static final List<String> PROPERTIES = List.of("LoadState", "ActiveState", "SubState", "Result", "NRestarts", "ExecMainStatus");
    /** Time limit of {@code systemctl show}. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private SystemdCheck() {}

    static Check check(DoctorContext ctx) {
        return new Check(NAME, TIMEOUT, "systemctl did not answer: is systemd healthy? (systemctl status)", () -> run(ctx));
    }

    static CheckResult run(DoctorContext ctx) {
        Optional<String> out = ctx.systemctl().apply(List.of("show", UNIT, "--no-pager", "--property=" + String.join(",", PROPERTIES)));
        if (out.isEmpty()) return CheckResult.skip(NAME, "systemctl is not available or systemd is not running here");
        Map<String, String> p = parse(out.get());
        if (!"loaded".equals(p.get("LoadState"))) return CheckResult.skip(NAME, "no " + UNIT + ".service unit is installed (see contrib/blufio.service)");
        String result = p.getOrDefault("Result", "?");
        long restarts = parseLong(p.get("NRestarts"));
        String detail = UNIT + ".service " + p.get("ActiveState") + " (" + p.get("SubState") + "), result " + result + ", " + restarts + " restart(s)";
        if ("start-limit-hit".equals(result)) {
            return CheckResult.fail(NAME, detail + ": systemd gave up restarting it (start limit hit)",
                    "fix the cause (journalctl -u blufio -n 50), then: systemctl reset-failed blufio && systemctl start blufio");
        }
        if ("78".equals(p.get("ExecMainStatus")) && !"active".equals(p.get("ActiveState"))) {
            return CheckResult.fail(NAME, detail + ": it exited 78 (invalid configuration) and is not restarted",
                    "run `blufio config validate`, fix the file, then systemctl restart blufio");
        }
        if ("failed".equals(p.get("ActiveState")) || !"success".equals(result)) {
            return CheckResult.fail(NAME, detail, "see journalctl -u blufio -n 50; then systemctl restart blufio");
        }
        if (restarts > 0) {
            return CheckResult.warn(NAME, detail, "see why it restarted: journalctl -u blufio -b | grep -iE 'watchdog|exited|killed'");
        }
        return CheckResult.ok(NAME, detail);
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return out;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
