package io.blufio.channel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.BlufioException;
import io.blufio.agent.Agent;
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
 */
public final class MessagesRoute {
    /** Allowed session names (the part after {@code api:}). */
    static final Pattern SESSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}");
    /** Events buffered for a slow SSE client; text deltas beyond it are dropped (the done event has them all). */
    static final int EVENT_QUEUE_CAPACITY = 8192;

    private final Agent agent;
    private final Duration turnTimeout;

    /** @param turnTimeout how long a plain JSON request waits for its turn before answering 504 (the turn goes on) */
    public MessagesRoute(Agent agent, Duration turnTimeout) {
        this.agent = agent;
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
        BlockingQueue<Event> events = new LinkedBlockingQueue<>(EVENT_QUEUE_CAPACITY);
        Observer observer = new Observer(events);
        long turnId;
        try {
            turnId = agent.submit(new Inbound("api", null, sessionKey(req.device(), session), req.device(), content.asText()), observer)
                    .orElseThrow();
        } catch (BlufioException e) {
            throw new ApiError(503, e.code(), e.getMessage());
        }
        String accept = req.header("Accept");
        boolean sse = accept != null && accept.contains("text/event-stream");
        try {
            if (sse) stream(req, events, turnId);
            else answer(req, events, turnId);
        } finally {
            agent.forget(turnId);
        }
    }

    private void answer(Request req, BlockingQueue<Event> events, long turnId) throws IOException {
        long deadline = System.nanoTime() + turnTimeout.toNanos();
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
        long deadline = System.nanoTime() + turnTimeout.toNanos();
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

    /** Waits for the turn's next event; past the deadline or on interrupt it returns an {@code error} event. */
    private Event next(BlockingQueue<Event> events, long deadline, long turnId) {
        try {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
        if ("cli".equals(device) && name.startsWith("cli:")) return name;
        return name.startsWith("api:") ? name : "api:" + name;  // "api:x" names the session api:x, not api:api:x
    }

    /** HTTP status for a turn error code: provider trouble is a bad gateway, budget 429, shutdown 503. */
    static int statusFor(String code) {
        if (code.startsWith("llm_")) return code.equals("llm_timeout") ? 504 : 502;
        return switch (code) {
            case "budget_exhausted", "rate_limited" -> 429;
            case "shutting_down", "memory_pressure" -> 503;
            case "turn_timeout" -> 504;
            default -> 500;
        };
    }

    /** Renders a finished turn as the SPEC's answer object. */
    static ObjectNode resultJson(TurnResult r) {
        ObjectNode n = Request.JSON.createObjectNode()
                .put("session_id", r.sessionId()).put("message_id", r.messageId()).put("content", r.content()).put("model", r.model());
        n.putObject("usage").put("input_tokens", r.usage().inputTokens()).put("output_tokens", r.usage().outputTokens())
                .put("cache_read_tokens", r.usage().cacheReadTokens()).put("cache_write_tokens", r.usage().cacheWriteTokens());
        n.put("cost_usd", usd(r.costUsd()));
        if (r.tier() != null) n.put("tier", r.tier());  // only with [routing] enabled (SPEC section 13)
        return n;
    }

    /** USD as a plain decimal (no exponent: {@code 0.00007}, not {@code 7.0E-5}), 10 decimal places at most. */
    static java.math.BigDecimal usd(double v) {
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).setScale(10, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 1 ? d.setScale(1) : d;
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
            terminal(new Event("done", resultJson(result)));
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
