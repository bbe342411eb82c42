package io.blufio.llm;

import io.blufio.Backoff;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before retrying a provider call. Retries 429, every 5xx and Anthropic's
 * 529 (overloaded), at most {@code llm.max_retries} times. The wait is the server's {@code retry-after-ms}
 * or {@code retry-after} (seconds) header when present, capped at {@link #MAX_RETRY_AFTER}; otherwise
 * exponential backoff from {@link #BASE_DELAY}, doubled per attempt up to {@link #MAX_BACKOFF}, with
 * "equal jitter" (half fixed, half random) so many sessions do not retry in step.
 */
final class RetryPolicy {
    /** Backoff before the first retry, before jitter: 500 ms. */
    static final Duration BASE_DELAY = Duration.ofMillis(500);
    /** Largest computed backoff: 30 s. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Largest wait taken from a {@code retry-after} header: 60 s; longer requests are shortened to this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final Backoff BACKOFF = new Backoff(BASE_DELAY, MAX_BACKOFF, true);

    private final int maxRetries;
    private final RandomGenerator random;

    /**
     * @param maxRetries further attempts after the first ({@code llm.max_retries}); 0 means try once
     * @param random jitter source
     */
    RetryPolicy(int maxRetries, RandomGenerator random) {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries cannot be negative, got " + maxRetries);
        this.maxRetries = maxRetries;
        this.random = random;
    }

    /** Returns the number of retries allowed after the first attempt. */
    int maxRetries() {
        return maxRetries;
    }

    /** Returns true when an answer with this HTTP status is worth another attempt. */
    static boolean retryable(int status) {
        return status == 429 || (status >= 500 && status <= 599);
    }

    /**
     * Returns how long to wait before retry number {@code retry} (1 for the first retry).
     *
     * @param headers the failed answer's headers, read for {@code retry-after-ms} and {@code retry-after}
     */
    Duration delay(int retry, HttpHeaders headers) {
        return retryAfter(headers).orElseGet(() -> backoff(retry));
    }

    /** Returns the jittered exponential backoff for retry number {@code retry} (1-based). */
    Duration backoff(int retry) {
        return BACKOFF.delay(retry, random);
    }

    /** Returns the server's requested wait, capped at {@link #MAX_RETRY_AFTER}, or empty when absent/unreadable. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<Duration> wait = headers.firstValue("retry-after-ms").flatMap(v -> parse(v, 1));
        if (wait.isEmpty()) {
            wait = headers.firstValue("retry-after").flatMap(v -> parse(v, 1000));
        }
        return wait.map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    private static Optional<Duration> parse(String value, long msPerUnit) {
        try {
            double units = Double.parseDouble(value.trim());
            if (units < 0 || Double.isNaN(units)) return Optional.empty();
            return Optional.of(Duration.ofMillis((long) Math.min(units * msPerUnit, Long.MAX_VALUE / 2)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date: fall back to our own backoff
        }
    }
}
