package io.blufio.llm;

import io.blufio.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers' HTTP: {@code java.net.http.HttpClient} with blufio's retry and error rules. Connecting
 * may take {@link #CONNECT_TIMEOUT}; the answer's headers must arrive within {@code llm.request_timeout_s}
 * (the stream's own deadline is {@link StreamingCall}'s). A 429 or 5xx answer is retried (see
 * {@link RetryPolicy}) before anything of its body is read, so a retry never repeats text already
 * streamed. Thread-safe.
 */
final class LlmHttp {
    /** Longest wait for a TCP/TLS connection: 10 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Largest error body read to quote the provider's message: 64 KiB. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(LlmHttp.class);

    private final boolean tls;
    /** Made at the first call: a daemon that has not yet called its model holds no TLS context (about 400 classes). */
    private volatile HttpClient http;
    private final RetryPolicy retries;
    private final Sleeper sleeper;
    private final ProviderFailures failures;

    /** The client is built at the first call: HTTP/2 over TLS, HTTP/1.1 for plain {@code http} (a local server: no h2c upgrade). */
    LlmHttp(Vendor vendor, RetryPolicy retries, Sleeper sleeper, ProviderFailures failures) {
        this.tls = "https".equalsIgnoreCase(vendor.baseUrl().getScheme());
        this.retries = retries;
        this.sleeper = sleeper;
        this.failures = failures;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c != null) return c;
        synchronized (this) {
            if (http == null) {
                http = HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .build();
            }
            return http;
        }
    }

    /** Returns the retry rules (shared with mid-stream errors). */
    RetryPolicy retries() {
        return retries;
    }

    /**
     * Sends {@code request}, retrying 429/5xx answers; returns the first 2xx answer with its body unread.
     *
     * @throws LlmException mapped by {@link ProviderFailures} once the retries are spent or not allowed
     */
    HttpResponse<InputStream> send(HttpRequest request) {
        for (int retry = 0; ; retry++) {
            HttpResponse<InputStream> response;
            try {
                response = client().send(request, BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw failures.fromTransport(e, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException(LlmError.REQUEST_REFUSED, 0, "the model call was interrupted (shutting down?)", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                return response;
            }
            String errorBody = readErrorBody(response);
            if (!RetryPolicy.retryable(status) || retry >= retries.maxRetries()) {
                throw failures.fromStatus(status, errorBody, retry);
            }
            Duration wait = retries.delay(retry + 1, response.headers());
            log.warn("{} answered HTTP {} ({}); retry {} of {} in {} ms", failures.vendorName(), status,
                    ProviderFailures.providerMessage(errorBody), retry + 1, retries.maxRetries(), wait.toMillis());
            pause(wait);
        }
    }

    /** Waits {@code wait} before a retry, on the injected sleeper. */
    void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmError.REQUEST_REFUSED, 0, "the model call was interrupted while waiting to retry", e);
        }
    }

    private static String readErrorBody(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(error body unreadable: " + e.getMessage() + ")";
        }
    }
}
