package io.blufio.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LangChain4j's HTTP client SPI on {@code java.net.http.HttpClient}, with blufio's retry and error rules.
 *
 * <p>Each attempt may take {@code llm.request_timeout_s} from sending the request to the last byte of the
 * answer (stream included); connecting may take {@link #CONNECT_TIMEOUT}. A 429 or 5xx answer is retried
 * (see {@link RetryPolicy}) before anything of its body reaches the caller, so a retry never repeats text
 * already streamed. Final failures reach LangChain4j as {@link LlmException} (via
 * {@link ServerSentEventListener#onError} or thrown), which the providers hand on unchanged.
 *
 * <p>Unlike LangChain4j's own clients, the streaming {@code execute} runs on the calling thread and returns
 * when the stream has ended: {@link Provider#chat} is synchronous anyway, and this way a stream that ends
 * without its final event is noticed at once instead of after the timeout.
 */
final class JdkHttpClient implements HttpClient {
    /** Longest wait for a TCP/TLS connection: 10 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Largest error body read to quote the provider's message: 64 KiB. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final Logger log = LoggerFactory.getLogger(JdkHttpClient.class);

    private final java.net.http.HttpClient http;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final Sleeper sleeper;
    private final ProviderFailures failures;

    JdkHttpClient(java.net.http.HttpClient http, Duration requestTimeout, RetryPolicy retries, Sleeper sleeper,
            ProviderFailures failures) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.sleeper = sleeper;
        this.failures = failures;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        long startNanos = System.nanoTime();
        HttpResponse<InputStream> response = send(request);
        try (StreamDeadline deadline = StreamDeadline.start(response.body(), remaining(startNanos))) {
            byte[] body = response.body().readAllBytes();
            if (deadline.expired()) throw failures.timeout();
            return toSuccessful(response, body);
        } catch (IOException e) {
            throw failures.fromTransport(e, true);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        long startNanos = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = send(request);
        } catch (LlmException e) {
            listener.onError(e);
            return;
        }
        listener.onOpen(toSuccessful(response, null));
        InputStream body = response.body();
        GuardedListener guarded = new GuardedListener(listener);
        try (StreamDeadline deadline = StreamDeadline.start(body, remaining(startNanos))) {
            parser.parse(body, guarded);
            if (deadline.expired()) {
                listener.onError(failures.timeout());
            } else if (guarded.failure() != null) {
                listener.onError(failures.fromTransport(guarded.failure(), true));
            } else {
                listener.onClose();
            }
        }
    }

    /** Sends {@code request}, retrying 429/5xx answers; returns the first 2xx answer with its body unread. */
    private HttpResponse<InputStream> send(HttpRequest request) {
        java.net.http.HttpRequest jdkRequest = toJdk(request);
        for (int retry = 0; ; retry++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(jdkRequest, BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw failures.fromTransport(e, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException("llm_error", 0, "the model call was interrupted (shutting down?)", e);
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

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("llm_error", 0, "the model call was interrupted while waiting to retry", e);
        }
    }

    private Duration remaining(long startNanos) {
        Duration left = requestTimeout.minusNanos(System.nanoTime() - startNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart form data is not supported by blufio's HTTP client");
        }
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(requestTimeout);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) continue;
            for (String value : header.getValue()) builder.header(header.getKey(), value);
        }
        var body = request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        return builder.method(request.method().name(), body).build();
    }

    private static String readErrorBody(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(error body unreadable: " + e.getMessage() + ")";
        }
    }

    private static SuccessfulHttpResponse toSuccessful(HttpResponse<?> response, byte[] body) {
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(body)
                .build();
    }
}
