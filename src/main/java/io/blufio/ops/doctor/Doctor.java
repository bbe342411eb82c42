package io.blufio.ops.doctor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * read ends with the process). A check with a {@link Check.Prerequisite} (the secrets, when the vault must
 * be unlocked first) gets its own time limit only once that is ready, so a slow key derivation never eats
 * the budget of the network checks; a prerequisite that is not ready in time fails the check naming it.
 */
public final class Doctor {
    private Doctor() {}

    /** Runs {@code checks} and returns their results in the same order. */
    public static List<CheckResult> run(List<Check> checks, LongSupplier nanos) {
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("doctor-check-", 0).factory());
        try {
            long started = nanos.getAsLong();
            Map<Check.Prerequisite, CompletableFuture<Long>> readyAt = new IdentityHashMap<>();
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (Check c : checks) {
                if (c.after() != null) readyAt.computeIfAbsent(c.after(), p -> p.ready().handle((v, e) -> nanos.getAsLong()));
                futures.add(pool.submit(c.body()));
            }
            List<CheckResult> out = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                Check c = checks.get(i);
                long from = started;  // limits count from the common start...
                if (c.after() != null) {
                    Check.Prerequisite p = c.after();
                    Long ready = awaitReady(readyAt.get(p), p.timeout().toNanos() - (nanos.getAsLong() - started));
                    if (ready == null) {
                        futures.get(i).cancel(true);
                        out.add(CheckResult.fail(c.name(), "not run: waited " + p.timeout().toMillis() + " ms for " + p.what(), p.timeoutFix())
                                .took((nanos.getAsLong() - started) / 1_000_000));
                        continue;
                    }
                    from = ready;  // ...or from the moment the prerequisite was ready
                }
                long leftNanos = c.timeout().toNanos() - (nanos.getAsLong() - from);
                out.add(await(c, futures.get(i), leftNanos).took((nanos.getAsLong() - started) / 1_000_000));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns when the prerequisite was ready (nanos), or null when it was not within {@code leftNanos}. */
    private static Long awaitReady(CompletableFuture<Long> readyAt, long leftNanos) {
        try {
            return readyAt.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("handle() completes normally", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
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
            String fix = cause instanceof io.blufio.BlufioException ? "see the message above" : "run `blufio doctor` again; if it fails the same way, report it with this line";
            return CheckResult.fail(c.name(), "the check failed: " + io.blufio.Redactor.redact(String.valueOf(cause.getMessage())), fix);
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
