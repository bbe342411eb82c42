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
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
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
        return new LlmException(LlmError.AUTH, 0, "no " + vendor.displayName() + " API key is configured: "
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
            return new LlmException(LlmError.AUTH, status, "the provider refused the API key (HTTP " + status + "): "
                    + vendor.keyHint() + "; " + name + " said: " + quoted, null);
        }
        if (status == 429) {
            return new LlmException(LlmError.RATE_LIMITED, status, name + " rate limit hit (HTTP 429)" + after
                    + ": " + quoted + "; wait a minute or lower the request rate", null);
        }
        if (status == 529 || status == 503) {
            return new LlmException(LlmError.OVERLOADED, status, name + " is overloaded (HTTP " + status + ")" + after
                    + ": " + quoted + "; try again later", null);
        }
        if (status == 400 && namesHistory(body)) {
            return new LlmException(LlmError.HISTORY_INVALID, status, name + " refused the conversation history as invalid"
                    + " (HTTP 400): " + quoted, null);
        }
        return new LlmException(LlmError.REQUEST_REFUSED, status, name + " refused the request (HTTP " + status + ")" + after
                + ": " + quoted, null);
    }

    /**
     * Returns true when a 400 error body blames the conversation rather than a setting: its {@code param}
     * (OpenAI) is {@code messages...}, or its message names the {@code messages} array, roles, or the
     * pairing of tool calls and results (Anthropic: "messages.3.content: ...", "tool_use ids were found
     * without tool_result blocks", "roles must alternate"; OpenAI: "An assistant message with 'tool_calls'
     * must be followed by tool messages ..."). Settings errors ({@code max_tokens}, {@code model}) are not.
     */
    static boolean namesHistory(String body) {
        if (body == null || body.isBlank()) return false;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String param = error.path("param").asText("");
            if (param.startsWith("messages")) return true;
            String message = (error.isTextual() ? error.asText() : error.path("message").asText("")).toLowerCase(java.util.Locale.ROOT);
            return message.startsWith("messages") || message.contains("messages.") || message.contains("tool_use")
                    || message.contains("tool_result") || message.contains("tool_call") || message.contains("roles must alternate")
                    || message.contains("non-empty content") || message.contains("must be followed by tool messages")
                    || message.contains("role 'tool'");
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /**
     * Returns the error for an error event inside a 200 stream (Anthropic {@code event: error} with
     * {@code error.type}; OpenAI-compatible {@code data: {"error": {...}}}).
     *
     * @param type the provider's error type or code ({@code overloaded_error}, {@code rate_limit_error}, ...), may be empty
     * @param billed the tokens the stream used so far
     */
    LlmException streamError(String type, String message, Usage billed) {
        String t = type == null ? "" : type;
        LlmError error = switch (t) {
            case "overloaded_error", "overloaded", "529", "503" -> LlmError.OVERLOADED;
            case "rate_limit_error", "rate_limit_exceeded", "429" -> LlmError.RATE_LIMITED;
            default -> LlmError.STREAM_ERROR;
        };
        String quoted = message == null || message.isBlank() ? "(no message)" : clip(message.strip());
        return new LlmException(error, 200, vendor.displayName() + " reported an error in the middle of its answer: "
                + quoted + (t.isEmpty() ? "" : " [" + t + "]") + "; nothing of the answer is stored, the turn can be retried",
                null, billed);
    }

    /**
     * Returns the error for a failure below HTTP: refused connection, unknown host, timeout, broken stream.
     *
     * @param streaming true when the failure came after the answer's headers (the stream broke off)
     */
    LlmException fromTransport(Throwable t, boolean streaming) {
        String where = vendor.displayName() + " at " + vendor.hostAndPort();
        if (t instanceof HttpConnectTimeoutException) {
            return new LlmException(LlmError.TIMEOUT, 0, "could not connect to " + where + " within "
                    + LlmHttp.CONNECT_TIMEOUT.toSeconds() + " s: check " + vendor.configSection()
                    + ".base_url and the network", t);
        }
        if (t instanceof HttpTimeoutException) {
            return timeout();
        }
        if (!streaming && isUnreachable(t)) {
            return new LlmException(LlmError.UNREACHABLE, 0, "cannot reach " + where + " (" + describe(t)
                    + "): check " + vendor.configSection() + ".base_url and the network", t);
        }
        String what = streaming ? "the answer stream from " + where + " broke off" : "the call to " + where + " failed";
        return new LlmException(streaming ? LlmError.INCOMPLETE : LlmError.UNREACHABLE, 0, what + " (" + describe(t)
                + "); the turn can be retried", t);
    }

    /** Returns the error for a call that outlived {@code llm.request_timeout_s}. */
    LlmException timeout() {
        return new LlmException(LlmError.TIMEOUT, 0, vendor.displayName() + " did not finish answering within "
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

    static String clip(String s) {
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

    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) return "unknown host";
            if (c instanceof ConnectException) return "connection refused";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

}
