package io.blufio.ops.doctor;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * One doctor check: a name, its own time limit and its body. The body may block (network, disk); the
 * {@link Doctor} runs it on a virtual thread and reports {@code timeoutFix} when it overruns.
 *
 * @param name shown in the report
 * @param timeout how long the check may take; past it the check fails with "no answer within N ms"
 * @param timeoutFix the fix line printed when it times out
 * @param body the check; an exception it throws becomes a failure naming the exception
 */
public record Check(String name, Duration timeout, String timeoutFix, Callable<CheckResult> body) {}
