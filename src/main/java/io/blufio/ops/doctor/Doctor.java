package io.blufio.ops.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Runs checks concurrently, each on its own virtual thread with its own time limit, so the whole run
 * takes about as long as the slowest limit even when a dependency hangs (SPEC 8: quick mode about 2 s).
 * A check that overruns is reported as failed and abandoned (its thread is interrupted; a blocked socket
 * read ends with the process).
 */
public final class Doctor {
    private Doctor() {}

    /** Runs {@code checks} and returns their results in the same order. */
    public static List<CheckResult> run(List<Check> checks, LongSupplier nanos) {
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("doctor-check-", 0).factory());
        try {
            long started = nanos.getAsLong();
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (Check c : checks) futures.add(pool.submit(c.body()));
            List<CheckResult> out = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                Check c = checks.get(i);
                long leftNanos = c.timeout().toNanos() - (nanos.getAsLong() - started);  // limits count from the common start
                out.add(await(c, futures.get(i), leftNanos).took((nanos.getAsLong() - started) / 1_000_000));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CheckResult await(Check c, Future<CheckResult> f, long leftNanos) {
        try {
            CheckResult r = f.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
            return r == null ? CheckResult.fail(c.name(), "the check returned nothing", "report this as a bug") : r;
        } catch (TimeoutException e) {
            f.cancel(true);
            return CheckResult.fail(c.name(), "no answer within " + c.timeout().toMillis() + " ms", c.timeoutFix());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.fail(c.name(), "the check failed: " + io.blufio.Redactor.redact(String.valueOf(cause.getMessage())), c.timeoutFix());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(c.name(), "interrupted", "run blufio doctor again");
        }
    }

    /** Returns true when no result failed (warnings allowed): exit 0. */
    public static boolean passed(List<CheckResult> results) {
        return results.stream().noneMatch(r -> r.status() == CheckResult.Status.FAIL);
    }
}
