package io.blufio.llm;

import io.blufio.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed model call, the same for both wire protocols: send the body ({@link LlmHttp} retries
 * 429/5xx), read the server-sent events ({@link SseReader}) into a {@link StreamedAnswer} through the
 * {@link Protocol}, and let the answer decide the outcome. Each attempt may take {@code llm.request_timeout_s}
 * from sending to the last byte ({@link StreamDeadline}). An overload, rate-limit or server error event
 * that arrives before any text was passed on is retried like an HTTP 529/429/500, within the same
 * {@code llm.max_retries}; after text was streamed it never is. Stateless per call; thread-safe.
 */
final class StreamingCall {
    private static final Logger log = LoggerFactory.getLogger(StreamingCall.class);
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);

    /** What differs between the Anthropic and OpenAI streaming protocols. */
    interface Protocol {
        /** Returns the HTTP request carrying {@code body} (URL, headers, per-request timeout). */
        HttpRequest request(byte[] body);

        /**
         * Applies one event to {@code answer}.
         *
         * @return false when it was the protocol's final event (reading stops)
         * @throws LlmException for an error event ({@link ProviderFailures#streamError}) or a malformed one
         */
        boolean onEvent(SseReader.Event event, StreamedAnswer answer);

        /** Returns the prefix of tool call ids made up when the server sends none. */
        String toolIdPrefix();
    }

    private final Protocol protocol;
    private final LlmHttp http;
    private final Vendor vendor;
    private final ProviderFailures failures;
    private final Duration requestTimeout;
    private final String configuredModel;

    StreamingCall(Protocol protocol, LlmHttp http, Vendor vendor, ProviderFailures failures, Duration requestTimeout,
            String configuredModel) {
        this.protocol = protocol;
        this.http = http;
        this.vendor = vendor;
        this.failures = failures;
        this.requestTimeout = requestTimeout;
        this.configuredModel = configuredModel;
    }

    /** Runs the call on the calling thread; see {@link Provider#chat} for the outcomes. */
    ChatResult chat(byte[] body, StreamListener listener) {
        return chat(body, listener, configuredModel);
    }

    /** As {@link #chat(byte[], StreamListener)}, for a call to {@code requestedModel} (routing); it names the answer when the server does not. */
    ChatResult chat(byte[] body, StreamListener listener, String requestedModel) {
        return chat(body, body.length, listener, requestedModel);
    }

    /**
     * As {@link #chat(byte[], StreamListener, String)}; {@code estimateBytes} is the size counted for the input
     * estimate when the server reports no usage ({@link ChatRequest#estimateBytes}).
     */
    ChatResult chat(byte[] body, long estimateBytes, StreamListener listener, String requestedModel) {
        for (int attempt = 0; ; attempt++) {
            long startNanos = Ticker.SYSTEM.nanoTime();
            HttpResponse<InputStream> response = http.send(protocol.request(body));
            StreamedAnswer answer = new StreamedAnswer(vendor, listener, estimateBytes, protocol.toolIdPrefix());
            try {
                return read(response, answer, startNanos, requestedModel);
            } catch (LlmException e) {
                boolean retryable = e.error() == LlmError.OVERLOADED || e.error() == LlmError.RATE_LIMITED
                        || e.error() == LlmError.STREAM_ERROR;
                if (!retryable || answer.emitted() || attempt >= http.retries().maxRetries()) throw e;
                Duration wait = http.retries().delay(attempt + 1, NO_HEADERS);
                log.warn("{} (before any text); retry {} of {} in {} ms", e.getMessage(), attempt + 1,
                        http.retries().maxRetries(), wait.toMillis());
                http.pause(wait);
            }
        }
    }

    private ChatResult read(HttpResponse<InputStream> response, StreamedAnswer answer, long startNanos, String requestedModel) {
        try (InputStream in = response.body(); StreamDeadline deadline = StreamDeadline.start(in, remaining(startNanos))) {
            try {
                new SseReader(in).read(e -> protocol.onEvent(e, answer));
            } catch (IOException e) {
                if (deadline.expired()) throw failures.timeout().withUsage(answer.billable());
                throw answer.incomplete("the answer stream from " + vendor.displayName() + " at " + vendor.hostAndPort()
                        + " broke off (" + ProviderFailures.describe(e) + ")", e);
            }
            if (deadline.expired() && !answer.isEnded()) throw failures.timeout().withUsage(answer.billable());
            return answer.finish(requestedModel);
        } catch (IOException closeFailed) {
            throw answer.incomplete("the answer stream from " + vendor.displayName() + " could not be closed", closeFailed);
        }
    }

    private Duration remaining(long startNanos) {
        Duration left = requestTimeout.minusNanos(Ticker.SYSTEM.nanoTime() - startNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
