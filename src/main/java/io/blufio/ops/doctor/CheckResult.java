package io.blufio.ops.doctor;

/**
 * The outcome of one doctor check (SPEC section 8): one line, and for a warning or failure one more line
 * saying how to fix it.
 *
 * @param name the check's name, e.g. {@code llm credentials}
 * @param status ok, warn, fail or skip
 * @param detail what was found, e.g. {@code anthropic accepted the key (claude-sonnet-5-5 listed)}
 * @param fix how to fix it; null for ok and skip
 * @param tookMs wall time of the check in ms
 */
public record CheckResult(String name, Status status, String detail, String fix, long tookMs) {
    /** A check's verdict; only {@link #FAIL} makes {@code doctor} exit 1. */
    public enum Status { OK, WARN, FAIL, SKIP }

    /** Passed. */
    public static CheckResult ok(String name, String detail) {
        return new CheckResult(name, Status.OK, detail, null, 0);
    }

    /** Works, but needs attention. */
    public static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(name, Status.WARN, detail, fix, 0);
    }

    /** Broken. */
    public static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, Status.FAIL, detail, fix, 0);
    }

    /** Not applicable here (not configured, not under systemd). */
    public static CheckResult skip(String name, String detail) {
        return new CheckResult(name, Status.SKIP, detail, null, 0);
    }

    /** Returns a copy with the measured time. */
    public CheckResult took(long ms) {
        return new CheckResult(name, status, detail, fix, ms);
    }
}
