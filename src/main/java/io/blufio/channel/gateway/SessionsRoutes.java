package io.blufio.channel.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.agent.ApiTurns;
import io.blufio.agent.Conversations;
import io.blufio.agent.HistoryEntry;
import io.blufio.agent.SessionInfo;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /v1/sessions} and {@code GET /v1/sessions/{id}/messages}, paged with {@code ?limit=} (1..200,
 * default 50) and {@code ?before=<id>} (exclusive); answers carry {@code next_before} when more exist.
 * The {@link ApiTurns#OPERATOR} device sees every session; any other device only those it owns (created by
 * its requests): other sessions are not listed, and their messages are 404 as if they did not exist.
 */
public final class SessionsRoutes {
    /** Page size when {@code limit} is absent. */
    static final int DEFAULT_LIMIT = 50;
    /** Largest page. */
    static final int MAX_LIMIT = 200;

    private final Conversations conversations;
    private final ApiTurns turns;

    public SessionsRoutes(Conversations conversations, ApiTurns turns) {
        this.conversations = conversations;
        this.turns = turns;
    }

    /** Returns both routes. */
    public List<Route> routes() {
        return List.of(new Route("GET", "/v1/sessions", true, this::list),
                new Route("GET", "/v1/sessions/{id}/messages", true, this::messages));
    }

    private void list(Request req) throws IOException {
        int limit = req.queryInt("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int before = req.queryInt("before", 0, 0, Integer.MAX_VALUE);
        List<SessionInfo> page = ApiTurns.OPERATOR.equals(req.device()) ? conversations.sessions(limit, before)
                : conversations.sessionsOwnedBy(req.device(), limit, before);
        ObjectNode out = Request.JSON.createObjectNode();
        ArrayNode arr = out.putArray("sessions");
        for (SessionInfo s : page) {
            arr.addObject().put("id", s.id()).put("key", s.key()).put("channel", s.channel())
                    .put("created_at", s.createdAt().toString()).put("updated_at", s.updatedAt().toString());
        }
        if (page.size() == limit) out.put("next_before", page.get(page.size() - 1).id());
        req.respondJson(200, out);
    }

    private void messages(Request req) throws IOException {
        long id;
        try {
            id = Long.parseLong(req.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("session id must be a number, got \"" + req.pathParam("id") + "\"");
        }
        if (conversations.session(id).isEmpty() || !turns.mayRead(id, req.device())) throw ApiError.notFound("no session " + id);
        int limit = req.queryInt("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int before = req.queryInt("before", 0, 0, Integer.MAX_VALUE);
        List<HistoryEntry> page = conversations.history(id, limit, before);
        ObjectNode out = Request.JSON.createObjectNode().put("session_id", id);
        ArrayNode arr = out.putArray("messages");
        for (HistoryEntry m : page) {
            ObjectNode o = arr.addObject().put("id", m.id()).put("turn_id", m.turnId()).put("role", m.role()).put("text", m.text());
            o.set("content", Request.JSON.valueToTree(m.content()));
            o.put("model", m.model()).put("created_at", m.createdAt().toString());
        }
        if (page.size() == limit) out.put("next_before", page.get(page.size() - 1).id());
        req.respondJson(200, out);
    }
}
