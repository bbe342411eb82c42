package io.blufio.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.store.Schedule;
import io.blufio.store.ScheduleRun;
import java.time.Instant;

/**
 * The JSON shapes of schedules and runs, shared by {@code GET /v1/schedules} and {@code blufio schedule
 * ... --json} (SPEC section 12): {@code {"id", "session_id", "kind", "spec", "prompt", "next_fire_at",
 * "last_run"}} plus {@code session}, {@code zone}, {@code state}, {@code created_at}. Times are RFC 3339 UTC.
 */
public final class ScheduleJson {
    private ScheduleJson() {}

    /** Returns one schedule with its newest run (or null). */
    public static ObjectNode schedule(ObjectMapper json, Schedules schedules, Schedule s) {
        ObjectNode n = json.createObjectNode().put("id", s.id()).put("session_id", s.sessionId()).put("session", s.sessionKey())
                .put("kind", s.kind()).put("spec", s.spec()).put("zone", s.zone()).put("prompt", s.prompt())
                .put("state", s.state()).put("created_at", s.createdAt().toString()).put("next_fire_at", str(s.nextFireAt()));
        schedules.lastRun(s.id()).ifPresentOrElse(r -> n.set("last_run", run(json, r)), () -> n.putNull("last_run"));
        return n;
    }

    /** Returns {@code {"schedules": [...]}}, every schedule as {@link #schedule}. */
    public static ObjectNode list(ObjectMapper json, Schedules schedules, java.util.List<Schedule> list) {
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("schedules");
        for (Schedule s : list) arr.add(schedule(json, schedules, s));
        return out;
    }

    /** Returns one run: scheduled_at, fired_at, outcome, missed, turn_id, turn_state, note. */
    public static ObjectNode run(ObjectMapper json, ScheduleRun r) {
        ObjectNode n = json.createObjectNode().put("id", r.id()).put("scheduled_at", r.scheduledAt().toString())
                .put("fired_at", r.firedAt().toString()).put("outcome", r.outcome()).put("missed", r.missed());
        if (r.inboxId() == null) n.putNull("turn_id"); else n.put("turn_id", r.inboxId());
        n.put("turn_state", r.turnState()).put("note", r.note());
        return n;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
