package io.blufio.ops.doctor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * One doctor check: a name, its own time limit and its body. The body may block (network, disk); the
 * {@link Doctor} runs it on a virtual thread and reports {@code timeoutFix} when it overruns.
 *
 * @param name shown in the report
 * @param timeout how long the check may take; past it the check fails with "no answer within N ms". Counted
 *     from the common start, or from the moment {@code after} is ready when there is one
 * @param timeoutFix the fix line printed when it times out
 * @param body the check; an exception it throws becomes a failure naming the exception
 * @param after what the check needs before it can start (the secrets, which may need the vault unlocked), or
 *     null; its time does not count against {@code timeout}
 */
public record Check(String name, Duration timeout, String timeoutFix, Callable<CheckResult> body, Prerequisite after) {
    /** A check that needs nothing first. */
    public Check(String name, Duration timeout, String timeoutFix, Callable<CheckResult> body) {
        this(name, timeout, timeoutFix, body, null);
    }

    /** Returns this check, started only once {@code prerequisite} is ready. */
    public Check after(Prerequisite prerequisite) {
        return new Check(name, timeout, timeoutFix, body, prerequisite);
    }

    /**
     * Something checks wait for before their own time limit starts.
     *
     * @param what what is awaited, for the report ("the vault to unlock")
     * @param ready completes (normally or not) when it is ready; a failure is the checks' own business
     * @param timeout how long to wait for it, counted from the common start
     * @param timeoutFix the fix line when it is not ready in time
     */
    public record Prerequisite(String what, CompletableFuture<?> ready, Duration timeout, String timeoutFix) {}
}
