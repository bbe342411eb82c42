package io.blufio.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A thin typed client for the few Bot API methods blufio uses (https://core.telegram.org/bots/api):
 * {@code getUpdates}, {@code sendMessage}, {@code editMessageText}, {@code sendChatAction},
 * {@code deleteWebhook}, {@code getMe}, {@code getFile} and the file download that follows it. Requests are {@code POST <api_base_url>/bot<token>/<method>} with
 * a JSON body; answers are {@code {"ok": true, "result": ...}} or {@code {"ok": false, "error_code": n,
 * "description": s, "parameters": {"retry_after": s}}}.
 *
 * <p>The token lives only in the request URI; every error message carries {@link #redactedUrl(String)}
 * instead and scrubs {@code bot<token>} from any text a JDK exception gives. {@code getUpdates} has no
 * request timeout of its own: a poll that never completes is ended by {@link #abortPoll} (the stall
 * watchdog), which also replaces the poll's HTTP client. Polls and the other calls use separate clients, so
 * ending a poll never cuts a reply's {@code sendMessage} in flight.
 */
final class BotApi {
    /**
     * Most JSON tokens in one answer: 100,000. A parsed tree costs up to about 60 bytes a token (measured:
     * 2 MiB of tiny objects made a 36 MiB tree), so this bounds the tree at about 6 MB whatever the bytes.
     */
    static final int MAX_JSON_TOKENS = 100_000;
    static final ObjectMapper JSON = io.blufio.Json.bounded(MAX_JSON_TOKENS);
    /**
     * Largest {@code getUpdates} answer read: 2 MiB, counted while reading (100 ordinary updates take
     * 50-200 KiB). A larger one fails that poll and the next polls ask for fewer updates ({@link #batch}).
     */
    static final long MAX_UPDATES_BYTES = 2L << 20;
    /** Largest answer of any other call: 1 MiB (a sent message echoes at most 4096 characters). */
    static final long MAX_CALL_BYTES = 1L << 20;
    /** Updates asked for per poll when all is well: 100, the Bot API's maximum. */
    static final int MAX_BATCH = 100;
    /** Longest wait for a TCP/TLS connection: 10 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest wait for the answer to any call but {@code getUpdates}: 30 s. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String token;
    private volatile HttpClient pollHttp = newClient();
    private final HttpClient http = newClient();
    private volatile CompletableFuture<HttpResponse<String>> poll;
    /** Updates asked for in the next poll: divided by 10 after an answer too large, doubled back after a good one. */
    private volatile int batch = MAX_BATCH;

    /** @param baseUrl {@code telegram.api_base_url}, e.g. {@code https://api.telegram.org} */
    BotApi(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Returns the URL of {@code method} with the token masked, for messages and logs. */
    String redactedUrl(String method) {
        return baseUrl + "/bot<redacted>/" + method;
    }

    /** Replaces {@code bot<token>} and the bare token in {@code text} by a mask. */
    String scrub(String text) {
        if (text == null || token == null || token.isEmpty()) return text;
        return text.replace("bot" + token, "bot<redacted>").replace(token, "<redacted>");
    }

    /** Returns pending updates from {@code offset} on, waiting up to {@code timeoutS} seconds for one. */
    List<JsonNode> getUpdates(long offset, int timeoutS) {
        int limit = batch;
        ObjectNode p = JSON.createObjectNode().put("offset", offset).put("timeout", timeoutS).put("limit", limit);
        CompletableFuture<HttpResponse<String>> f = pollHttp.sendAsync(request("getUpdates", p, null), BoundedBody.ofString(MAX_UPDATES_BYTES));
        poll = f;
        try {
            List<JsonNode> out = new ArrayList<>();
            result("getUpdates", await("getUpdates", f)).forEach(out::add);
            batch = Math.min(MAX_BATCH, limit * 2);
            return out;
        } catch (BotApiException e) {
            if (e.tooLarge()) batch = Math.max(1, limit / 10);
            throw e;
        } finally {
            poll = null;
        }
    }

    /** Returns how many updates the next poll asks for (1 to {@link #MAX_BATCH}). */
    int batch() {
        return batch;
    }

    /**
     * Ends a {@code getUpdates} call in flight with a network error (status 0) and replaces the poll's HTTP
     * client, dropping its connections (other calls keep theirs). Returns true when a poll was in flight.
     */
    boolean abortPoll(String reason) {
        HttpClient old = pollHttp;
        pollHttp = newClient();
        CompletableFuture<HttpResponse<String>> f = poll;
        boolean aborted = f != null && f.completeExceptionally(new IOException(reason));
        old.shutdownNow();
        return aborted;
    }

    /** Sends {@code text} to {@code chatId}; {@code parseMode} {@code HTML} or null for plain text. Returns the message id. */
    long sendMessage(long chatId, String text, String parseMode) {
        ObjectNode p = JSON.createObjectNode().put("chat_id", chatId).put("text", text);
        if (parseMode != null) p.put("parse_mode", parseMode);
        return call("sendMessage", p).path("message_id").asLong();
    }

    /** Replaces the text of message {@code messageId} in {@code chatId}. */
    void editMessageText(long chatId, long messageId, String text, String parseMode) {
        ObjectNode p = JSON.createObjectNode().put("chat_id", chatId).put("message_id", messageId).put("text", text);
        if (parseMode != null) p.put("parse_mode", parseMode);
        call("editMessageText", p);
    }

    /** Shows {@code action} (e.g. {@code typing}) in the chat for about 5 s or until the next message. */
    void sendChatAction(long chatId, String action) {
        call("sendChatAction", JSON.createObjectNode().put("chat_id", chatId).put("action", action));
    }

    /** Removes any webhook so that {@code getUpdates} is allowed; pending updates are kept. */
    void deleteWebhook() {
        call("deleteWebhook", JSON.createObjectNode().put("drop_pending_updates", false));
    }

    /** Returns the bot's own user ({@code id}, {@code username}); a token check, never a liveness signal. */
    JsonNode getMe() {
        return call("getMe", JSON.createObjectNode());
    }

    /**
     * Returns the Bot API {@code File} of {@code fileId} ({@code file_id}, {@code file_unique_id}, {@code file_size}
     * when known, {@code file_path}); https://core.telegram.org/bots/api#getfile. Telegram itself refuses files
     * over 20 MB here ({@code 400 Bad Request: file is too big}).
     */
    JsonNode getFile(String fileId) {
        return call("getFile", JSON.createObjectNode().put("file_id", fileId));
    }

    /**
     * Longest wait for a file download: 30 s (20 MB at 5.6 Mbit/s). Downloads run on the poll thread, so this
     * plus {@link #CALL_TIMEOUT} for {@code getFile} stays within the stall limit (2 x poll timeout + 10 s).
     */
    static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Downloads {@code filePath} (from {@link #getFile}) from {@code <api_base_url>/file/bot<token>/<file_path>},
     * reading at most {@code maxBytes}: a larger body is cancelled at the first byte past it (a
     * {@link BotApiException#tooLarge()} error), so a wrong {@code file_size} cannot make blufio buffer more.
     */
    byte[] download(String filePath, long maxBytes) {
        String what = "file download";
        URI uri;
        try {
            uri = URI.create(baseUrl + "/file/bot" + token + "/" + filePath);
        } catch (IllegalArgumentException e) {
            throw new BotApiException(what, baseUrl + "/file/bot<redacted>/...", 0, "invalid file_path from getFile", null);
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET().build();
        String shown = baseUrl + "/file/bot<redacted>/" + filePath;
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, BoundedBody.ofBytes(maxBytes));
        HttpResponse<byte[]> r;
        try {
            r = f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new BotApiException(what, shown, 0, "interrupted (shutting down)", null);
        } catch (ExecutionException | CancellationException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            Throwable big = c instanceof BoundedBody.TooLarge ? c : c.getCause() instanceof BoundedBody.TooLarge ? c.getCause() : null;
            if (big != null) throw new BotApiException(what, shown, 0, big.getMessage(), null, true);
            throw new BotApiException(what, shown, 0, scrub(c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage())), null);
        }
        if (r.statusCode() != 200) {
            String description = "HTTP " + r.statusCode();
            try {
                JsonNode body = JSON.readTree(r.body());
                if (body != null && body.has("description")) description = body.path("description").asText();
            } catch (IOException notJson) {
                // the status says enough
            }
            throw new BotApiException(what, shown, r.statusCode(), scrub(description), null);
        }
        return r.body();
    }

    private JsonNode call(String method, ObjectNode params) {
        return result(method, await(method, http.sendAsync(request(method, params, CALL_TIMEOUT), BoundedBody.ofString(MAX_CALL_BYTES))));
    }

    private HttpRequest request(String method, ObjectNode params, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(baseUrl + "/bot" + token + "/" + method);
        } catch (IllegalArgumentException e) {
            throw new BotApiException(method, redactedUrl(method), 0, "invalid URL: check telegram.api_base_url and the token's format", null);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString(), StandardCharsets.UTF_8));
        if (timeout != null) b.timeout(timeout);
        return b.build();
    }

    private HttpResponse<String> await(String method, CompletableFuture<HttpResponse<String>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new BotApiException(method, redactedUrl(method), 0, "interrupted (shutting down)", null);
        } catch (ExecutionException | CancellationException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            if (c instanceof BoundedBody.TooLarge || c.getCause() instanceof BoundedBody.TooLarge) {
                throw new BotApiException(method, redactedUrl(method), 0, (c instanceof BoundedBody.TooLarge ? c : c.getCause()).getMessage(),
                        null, true);
            }
            String what = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            throw new BotApiException(method, redactedUrl(method), 0, scrub(what), null);
        }
    }

    private JsonNode result(String method, HttpResponse<String> r) {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new BotApiException(method, redactedUrl(method), r.statusCode(), "answer has more than " + MAX_JSON_TOKENS
                    + " JSON tokens; refused", null, true);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new BotApiException(method, redactedUrl(method), r.statusCode(), "answer is not Bot API JSON (HTTP " + r.statusCode() + ")", null);
        }
        if (body.path("ok").asBoolean(false)) return body.path("result");
        int code = body.path("error_code").asInt(r.statusCode());
        throw new BotApiException(method, redactedUrl(method), code, scrub(body.path("description").asText("no description")),
                retryAfter(body.path("parameters").path("retry_after")));
    }

    /**
     * Returns a {@code retry_after} (whole seconds) as a wait of at most {@link BotApiException#MAX_RETRY_AFTER}
     * (60 s), or null when absent, negative or not a number: a hostile or broken upstream cannot stop
     * polling for longer than that ("retry after 10^9 s" would be 31 years).
     */
    static Duration retryAfter(JsonNode n) {
        if (!n.isNumber()) return null;
        double s = n.asDouble();
        if (!(s >= 0)) return null;
        long cap = BotApiException.MAX_RETRY_AFTER.toSeconds();
        return Duration.ofSeconds(s >= cap ? cap : (long) Math.ceil(s));
    }
}
