package io.blufio.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * Turns a provider's refusal or a network failure into an {@link LlmException} whose code and message say
 * what happened and how to fix it. Messages name the base URL's host, never the key or the request body.
 */
final class ProviderFailures {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest provider error message quoted in ours, in characters. */
    private static final int MAX_QUOTED_CHARS = 500;

    private final Vendor vendor;
    private final Duration requestTimeout;

    ProviderFailures(Vendor vendor, Duration requestTimeout) {
        this.vendor = vendor;
        this.requestTimeout = requestTimeout;
    }

    /** Returns the vendor's display name, e.g. {@code Anthropic}. */
    String vendorName() {
        return vendor.displayName();
    }

    /** Returns the error for a call made without an API key; no request was sent. */
    LlmException missingKey() {
        return new LlmException("llm_auth", 0, "no " + vendor.displayName() + " API key is configured: "
                + vendor.keyHint(), null);
    }

    /**
     * Returns the error for a final non-2xx answer.
     *
     * @param body the error body (JSON as documented by the provider, or anything else)
     * @param retries retries already spent on this call
     */
    LlmException fromStatus(int status, String body, int retries) {
        String quoted = providerMessage(body);
        String name = vendor.displayName();
        String after = retries > 0 ? " after " + retries + (retries == 1 ? " retry" : " retries") : "";
        if (status == 401 || status == 403) {
            return new LlmException("llm_auth", status, "the provider refused the API key (HTTP " + status + "): "
                    + vendor.keyHint() + "; " + name + " said: " + quoted, null);
        }
        if (status == 429) {
            return new LlmException("llm_rate_limited", status, name + " rate limit hit (HTTP 429)" + after
                    + ": " + quoted + "; wait a minute or lower the request rate", null);
        }
        if (status == 529 || status == 503) {
            return new LlmException("llm_overloaded", status, name + " is overloaded (HTTP " + status + ")" + after
                    + ": " + quoted + "; try again later", null);
        }
        return new LlmException("llm_error", status, name + " refused the request (HTTP " + status + ")" + after
                + ": " + quoted, null);
    }

    /**
     * Returns the error for a failure below HTTP: refused connection, unknown host, timeout, broken stream.
     *
     * @param streaming true when the failure came after the answer's headers (the stream broke off)
     */
    LlmException fromTransport(Throwable t, boolean streaming) {
        String where = vendor.displayName() + " at " + vendor.hostAndPort();
        if (t instanceof HttpConnectTimeoutException) {
            return new LlmException("llm_timeout", 0, "could not connect to " + where + " within "
                    + JdkHttpClient.CONNECT_TIMEOUT.toSeconds() + " s: check " + vendor.configSection()
                    + ".base_url and the network", safeCause(t));
        }
        if (t instanceof HttpTimeoutException) {
            return timeout();
        }
        if (!streaming && isUnreachable(t)) {
            return new LlmException("llm_unreachable", 0, "cannot reach " + where + " (" + describe(t)
                    + "): check " + vendor.configSection() + ".base_url and the network", safeCause(t));
        }
        String what = streaming ? "the answer stream from " + where + " broke off" : "the call to " + where + " failed";
        return new LlmException(streaming ? "llm_error" : "llm_unreachable", 0, what + " (" + describe(t)
                + "); the turn can be retried", safeCause(t));
    }

    /** Returns the error for a call that outlived {@code llm.request_timeout_s}. */
    LlmException timeout() {
        return new LlmException("llm_timeout", 0, vendor.displayName() + " did not finish answering within "
                + requestTimeout.toSeconds() + " s (llm.request_timeout_s): raise it, or try again later", null);
    }

    /** Returns the {@code error.message} (and {@code error.type}) of an Anthropic or OpenAI error body. */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) return "(empty error body)";
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("");
            String type = error.path("type").asText("");
            if (!message.isEmpty()) {
                return clip(type.isEmpty() ? message : message + " [" + type + "]");
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through: quote the raw body
        }
        return clip(body.strip());
    }

    private static String clip(String s) {
        return s.length() <= MAX_QUOTED_CHARS ? s : s.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    private static boolean isUnreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return t instanceof IOException;
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) return "unknown host";
            if (c instanceof ConnectException) return "connection refused";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    /**
     * Returns {@code t} unless its root cause would make LangChain4j's ExceptionMapper replace our
     * LlmException by its own type (it looks at the root cause for UnresolvedAddressException); then null.
     */
    private static Throwable safeCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root instanceof UnresolvedAddressException ? null : t;
    }
}
