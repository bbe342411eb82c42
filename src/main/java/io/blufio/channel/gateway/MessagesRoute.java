package io.blufio.channel.gateway;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.BlufioException;
import io.blufio.agent.Agent;
import io.blufio.agent.ApiTurns;
import io.blufio.agent.Inbound;
import io.blufio.agent.TurnObserver;
import io.blufio.agent.TurnResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/messages}: body {@code {"content": s, "session": s?}}. The message is committed to the
 * inbox before anything is answered. Plain JSON answers wait for the turn; with
 * {@code Accept: text/event-stream} the answer streams as SSE events {@code delta}, {@code tool},
 * {@code done}, {@code error} (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 *
 * <p>A device other than {@link ApiTurns#OPERATOR} may post only to sessions it owns (it owns the ones its
 * requests create); another device's session is 403 {@code session_forbidden}.
 *
 * <p>An optional {@code Idempotency-Key} field (draft-ietf-httpapi-idempotency-key-header; 1 to
 * {@link #MAX_IDEMPOTENCY_KEY_CHARS} visible ASCII characters) makes a retry safe: the first request with a
 * key starts the turn; a later one from the same device with the same key and the same message starts none
 * and gets the first one's answer (waiting for it while it runs); with another message it is 409
 * {@code idempotency_key_reused}. Keys are remembered as long as the turn's inbox row.
 */
public final class MessagesRoute {
    /** Allowed session names (the part after {@code api:}). */
    static final Pattern SESSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}");
    /** Events buffered for a slow SSE client; text deltas beyond it are dropped (the done event has them all). */
    static final int EVENT_QUEUE_CAPACITY = 8192;
    /** Longest {@code Idempotency-Key}, in characters. */
    static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_IDEMPOTENCY_KEY_CHARS + "}");
    /** How often a retry polls for the answer of a turn its key started earlier. */
    static final Duration RETRY_POLL = Duration.ofMillis(100);

    private final Agent agent;
    private final ApiTurns turns;
    private final Duration turnTimeout;

    /** @param turnTimeout how long a plain JSON request waits for its turn before answering 504 (the turn goes on) */
    public MessagesRoute(Agent agent, ApiTurns turns, Duration turnTimeout) {
        this.agent = agent;
        this.turns = turns;
        this.turnTimeout = turnTimeout;
    }

    /** Returns the route. */
    public Route route() {
        return new Route("POST", "/v1/messages", true, this::handle);
    }

    private void handle(Request req) throws IOException {
        JsonNode body = req.jsonBody();
        JsonNode content = body.get("content");
        if (content == null || !content.isTextual() || content.asText().isBlank()) {
            throw ApiError.badRequest("field \"content\" must be a non-empty string");
        }
        String session = req.device();
        JsonNode s = body.get("session");
        if (s != null && !s.isNull()) {
            if (!s.isTextual() || !SESSION_NAME.matcher(s.asText()).matches()) {
                throw ApiError.badRequest("field \"session\" must match " + SESSION_NAME.pattern());
            }
            session = s.asText();
        }
        String key = req.header("Idempotency-Key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiError.badRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_CHARS + " visible ASCII characters");
        }
        String sessionKey = sessionKey(req.device(), session);
        if (!turns.claim(sessionKey, req.device())) {
            throw new ApiError(ErrorCode.SESSION_FORBIDDEN, "session " + sessionKey + " belongs to another device; choose another session name");
        }
        String accept = req.header("Accept");
        boolean sse = accept != null && accept.contains("text/event-stream");
        String externalId = key == null ? null : "idem:" + req.device() + ":" + key;
        BlockingQueue<Event> events = new LinkedBlockingQueue<>(EVENT_QUEUE_CAPACITY);
        Observer observer = new Observer(events);
        java.util.Optional<Long> id;
        try {
            id = agent.submit(new Inbound("api", externalId, sessionKey, req.device(), content.asText()), observer);
        } catch (BlufioException e) {
            // disk_full: not accepted, nothing stored; 507 Insufficient Storage (RFC 4918 section 11.5)
            throw new ApiError(ErrorCode.DISK_FULL.is(e) ? 507 : 503, e.code(),
                    ErrorCode.DISK_FULL.is(e) ? "message not accepted: " + e.getMessage() + "; send it again then" : e.getMessage());
        }
        if (id.isEmpty()) {
            replay(req, externalId, sessionKey, content.asText(), sse);
            return;
        }
        long turnId = id.get();
        try {
            if (sse) stream(req, events, turnId);
            else answer(req, events, turnId);
        } finally {
            agent.forget(turnId);
        }
    }

    private void answer(Request req, BlockingQueue<Event> events, long turnId) throws IOException {
        long deadline = Ticker.SYSTEM.nanoTime() + turnTimeout.toNanos();
        while (true) {
            Event e = next(events, deadline, turnId);
            if (e.name.equals("done")) {
                req.respondJson(200, e.data);
                return;
            }
            if (e.name.equals("error")) {
                String code = e.data.path("code").asText();
                throw new ApiError(statusFor(code), code, e.data.path("message").asText());
            }
        }
    }

    private void stream(Request req, BlockingQueue<Event> events, long turnId) throws IOException {
        OutputStream out = req.startEventStream();
        long deadline = Ticker.SYSTEM.nanoTime() + turnTimeout.toNanos();
        while (true) {
            Event e = next(events, deadline, turnId);
            out.write(("event: " + e.name + "\ndata: " + e.data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (e.name.equals("done") || e.name.equals("error")) {
                out.close();
                return;
            }
        }
    }

    /**
     * Answers a retry whose {@code Idempotency-Key} started a turn before: the same answer, no new turn.
     * Waits (polling every {@link #RETRY_POLL}) while that turn runs, up to the turn timeout.
     */
    private void replay(Request req, String externalId, String sessionKey, String content, boolean sse) throws IOException {
        long deadline = Ticker.SYSTEM.nanoTime() + turnTimeout.toNanos();
        while (true) {
            ApiTurns.PastTurn past = turns.byExternalId("api", externalId)
                    .orElseThrow(() -> new IllegalStateException("inbox refused " + externalId + " as a duplicate but has no such row"));
            if (!past.sessionKey().equals(sessionKey) || !past.content().equals(content)) {
                throw new ApiError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used for another message (turn "
                        + past.turnId() + "); use a new key for a new message");
            }
            if (past.finished()) {
                Event e = pastEvent(past);
                if (sse) {
                    try (OutputStream out = req.startEventStream()) {
                        out.write(("event: " + e.name + "\ndata: " + e.data + "\n\n").getBytes(StandardCharsets.UTF_8));
                    }
                    return;
                }
                if (e.name.equals("done")) {
                    req.respondJson(200, e.data);
                    return;
                }
                String code = e.data.path("code").asText();
                throw new ApiError(statusFor(code), code, e.data.path("message").asText());
            }
            long left = deadline - Ticker.SYSTEM.nanoTime();
            if (left <= 0) {
                throw new ApiError(ErrorCode.TURN_TIMEOUT, "turn " + past.turnId() + " did not finish within " + turnTimeout.toSeconds()
                        + " s; it goes on, see GET /v1/sessions for its answer");
            }
            try {
                Thread.sleep(Math.min(RETRY_POLL.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new ApiError(ErrorCode.SHUTTING_DOWN, "the daemon is stopping; send the request again after the restart");
            }
        }
    }

    /** Returns the {@code done} or {@code error} event of a finished earlier turn, from its stored result. */
    private static Event pastEvent(ApiTurns.PastTurn past) throws IOException {
        JsonNode r = past.result() == null ? Request.JSON.createObjectNode() : Request.JSON.readTree(past.result());
        if (!past.answered()) return errorEvent(r.path("code").asText("turn_failed"), r.path("message").asText("the turn failed"));
        return new Event("done", TurnResult.fromJson(past.turnId(), r).toJson());
    }

    /** Waits for the turn's next event; past the deadline or on interrupt it returns an {@code error} event. */
    private Event next(BlockingQueue<Event> events, long deadline, long turnId) {
        try {
            Event e = events.poll(Math.max(0, deadline - Ticker.SYSTEM.nanoTime()), TimeUnit.NANOSECONDS);
            if (e != null) return e;
            return errorEvent("turn_timeout", "turn " + turnId + " did not finish within " + turnTimeout.toSeconds()
                    + " s; it goes on, see GET /v1/sessions for its answer");
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return errorEvent("shutting_down", "the daemon is stopping; turn " + turnId + " will finish after restart");
        }
    }

    private static Event errorEvent(String code, String message) {
        return new Event("error", Request.JSON.createObjectNode().put("code", code).put("message", message));
    }

    /**
     * Returns the session key: {@code api:<name>}; the local {@code cli} device may also name a
     * {@code cli:} session directly (so {@code blufio shell} continues {@code cli:local} through the daemon).
     */
    static String sessionKey(String device, String name) {
        if (ApiTurns.OPERATOR.equals(device) && name.startsWith("cli:")) return name;
        return name.startsWith("api:") ? name : "api:" + name;  // "api:x" names the session api:x, not api:api:x
    }

    /** HTTP status for a turn error code, from the one table ({@link ErrorCode}): provider trouble 502, budget 429, shutdown 503. */
    static int statusFor(String code) {
        return ErrorCode.httpStatusOf(code);
    }

    private record Event(String name, JsonNode data) {}

    private record Observer(BlockingQueue<Event> events) implements TurnObserver {
        @Override
        public void onText(String delta) {
            events.offer(new Event("delta", Request.JSON.createObjectNode().put("text", delta)));
        }

        @Override
        public void onTool(String name, String status) {
            events.offer(new Event("tool", Request.JSON.createObjectNode().put("name", name).put("status", status)));
        }

        @Override
        public void onDone(TurnResult result) {
            terminal(new Event("done", result.toJson()));
        }

        @Override
        public void onError(BlufioException error) {
            terminal(errorEvent(error.code(), error.getMessage()));
        }

        private void terminal(Event e) {
            // the terminal event must arrive even when deltas filled the queue: make room by dropping a delta
            while (!events.offer(e)) events.poll();
        }
    }
}
