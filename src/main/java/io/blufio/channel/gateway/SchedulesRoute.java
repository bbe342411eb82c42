package io.blufio.channel.gateway;

import io.blufio.agent.ScheduleJson;
import io.blufio.agent.Schedules;
import java.io.IOException;

/**
 * {@code GET /v1/schedules} (signed, SPEC section 12): {@code {"schedules": [{"id", "session_id", "kind",
 * "spec", "prompt", "next_fire_at", "last_run", ...}]}}, the active schedules of every session by id;
 * {@code ?all=true} adds the done and cancelled ones. At most {@link Schedules#LIST_LIMIT}.
 */
public final class SchedulesRoute {
    private final Schedules schedules;

    public SchedulesRoute(Schedules schedules) {
        this.schedules = schedules;
    }

    /** Returns the route. */
    public Route route() {
        return new Route("GET", "/v1/schedules", true, this::list);
    }

    private void list(Request req) throws IOException {
        String all = req.query("all");
        if (all != null && !all.equals("true") && !all.equals("false")) throw ApiError.badRequest("all must be true or false, got \"" + all + "\"");
        var list = "true".equals(all) ? schedules.listAll() : schedules.list(null);
        req.respondJson(200, ScheduleJson.list(Request.JSON, schedules, list));
    }
}
