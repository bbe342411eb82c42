package io.blufio.channel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One request and its answer: the parsed head, the body (already read and verified) and the answer being written. */
public final class Request {
    /** Shared JSON mapper of the gateway. */
    public static final ObjectMapper JSON = io.blufio.Json.SNAKE_CASE;

    private final RequestHead head;
    private final Response response;
    private final byte[] body;
    private final Map<String, String> pathParams;
    private final String device;
    private boolean answered;

    Request(RequestHead head, Response response, byte[] body, Map<String, String> pathParams, String device) {
        this.head = head;
        this.response = response;
        this.body = body;
        this.pathParams = pathParams;
        this.device = device;
    }

    /** Returns the name of the device that signed the request, or null on unsigned routes. */
    public String device() {
        return device;
    }

    /** Returns a bound {@code {name}} segment of the route template. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** Returns a query parameter (decoded), or null. */
    public String query(String name) {
        String raw = head.rawQuery();
        if (raw == null) return null;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** Returns an integer query parameter in {@code [min, max]}, or {@code fallback} when absent. */
    public int queryInt(String name, int fallback, int min, int max) {
        String v = query(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw ApiError.badRequest("query parameter " + name + " must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter " + name + " must be a whole number, got \"" + v + "\"");
        }
    }

    /** Returns a request header, or null. */
    public String header(String name) {
        return head.first(name);
    }

    /** Returns the body parsed as a JSON object. @throws ApiError 400 when it is not one */
    public JsonNode jsonBody() {
        if (body.length == 0) throw ApiError.badRequest("the request needs a JSON object body");
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw ApiError.badRequest("the body must be a JSON object");
            return n;
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Answers with {@code status} and a JSON body. */
    public void respondJson(int status, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        response.header("Content-Type", "application/json");
        send(status, bytes);
    }

    /** Answers with {@code status}, a content type and raw bytes. */
    public void respond(int status, String contentType, byte[] bytes) throws IOException {
        response.header("Content-Type", contentType);
        send(status, bytes);
    }

    private void send(int status, byte[] bytes) throws IOException {
        answered = true;
        response.send(status, bytes);
    }

    /** Starts a {@code text/event-stream} answer (chunked) and returns its stream; flush after each event. */
    public OutputStream startEventStream() throws IOException {
        answered = true;
        response.header("Content-Type", "text/event-stream");
        response.header("Cache-Control", "no-cache");
        return response.startChunked(200);
    }

    boolean answered() {
        return answered;
    }

    /** Returns {@code {"error": {"code", "message"}}}; the message passes the redaction layer on its way out. */
    static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> inner = new HashMap<>();
        inner.put("code", code);
        inner.put("message", Redactor.redact(message));
        return Map.of("error", inner);
    }
}
