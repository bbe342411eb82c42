package io.blufio.channel.telegram;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import java.time.Duration;

/**
 * A Bot API call that failed: Telegram answered {@code "ok": false} (https://core.telegram.org/bots/api#making-requests),
 * answered something that is not the documented JSON (a 502 page of a proxy), or the network failed
 * ({@link #status()} 0). The message never contains the bot token: it names the method and a redacted URL,
 * and no cause is kept (JDK network exceptions may quote the request URL).
 */
final class BotApiException extends BlufioException {
    private static final long serialVersionUID = 1L;
    /** Longest {@code retry_after} honoured: 60 s, the cap of the poll backoff (SPEC section 5); larger values are cut to it. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private final String method;
    private final int status;
    private final String description;
    private final Duration retryAfter;
    private final boolean tooLarge;

    /**
     * @param status the HTTP status / Bot API {@code error_code}; 0 for a network error
     * @param description Telegram's {@code description}, or a redacted network error
     * @param retryAfter {@code parameters.retry_after} of a 429 answer, else null
     */
    BotApiException(String method, String redactedUrl, int status, String description, Duration retryAfter) {
        this(method, redactedUrl, status, description, retryAfter, false);
    }

    /** @param tooLarge the answer was over its byte or JSON token limit (see {@link BotApi#MAX_UPDATES_BYTES}) */
    BotApiException(String method, String redactedUrl, int status, String description, Duration retryAfter, boolean tooLarge) {
        super(ErrorCode.TELEGRAM_ERROR, method + " failed: " + (status == 0 ? "network error" : "HTTP " + status) + ": " + description
                + " (" + redactedUrl + ")");
        this.method = method;
        this.status = status;
        this.description = description;
        this.retryAfter = retryAfter;
        this.tooLarge = tooLarge;
    }

    /** Returns true when the answer was refused for its size (bytes or JSON tokens). */
    boolean tooLarge() {
        return tooLarge;
    }

    String method() {
        return method;
    }

    /** Returns the HTTP status or {@code error_code}; 0 when no answer came (network error, stall). */
    int status() {
        return status;
    }

    String description() {
        return description;
    }

    /** Returns Telegram's flood-control wait of a 429, or null. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** Returns true for 401 (token revoked) and 404 (no such bot): polling cannot succeed until the operator acts. */
    boolean tokenRejected() {
        return status == 401 || status == 404;
    }

    /** Returns true when another process polls with this token (409 Conflict) or a webhook is set. */
    boolean conflict() {
        return status == 409;
    }

    /** Returns true for a network error or a 5xx answer: worth retrying with backoff. */
    boolean transientFailure() {
        return status == 0 || status >= 500;
    }

    /** Returns true for 400 "can't parse entities": the HTML was refused; send plain text instead. */
    boolean entitiesRefused() {
        return status == 400 && description != null && description.toLowerCase(java.util.Locale.ROOT).contains("can't parse entities");
    }

    /** Returns true for 400 "message is not modified": an edit to the same text, harmless. */
    boolean notModified() {
        return status == 400 && description != null && description.contains("message is not modified");
    }
}
