package io.blufio.agent;

import io.blufio.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.store.Schedule;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolOutput;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The tools of group {@code schedules} (SPEC section 12): {@code schedule_create}, {@code schedule_list},
 * {@code schedule_cancel}. They act only on the schedules of the conversation whose turn calls them (the
 * session of the calling thread's {@link CallScope}); the model cannot name another session. Results
 * give times in the user's zone ({@code agent.timezone}).
 */
public final class ScheduleTools {
    /** Next fire times a create or list result shows per schedule. */
    static final int SHOWN_TIMES = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss xxx", Locale.ENGLISH);

    private ScheduleTools() {}

    /** Returns the three tools over {@code schedules}. */
    public static List<Tool> over(Schedules schedules) {
        return List.of(new Create(schedules), new ListTool(schedules), new Cancel(schedules));
    }

    static long session() {
        return CallScope.currentSessionId().orElseThrow(() -> new AgentException(ErrorCode.SCHEDULE_INVALID,
                "schedules can only be managed from inside a conversation"));
    }

    /** Returns {@code t} in the user's zone, e.g. {@code Mon 2025-03-03 09:00:00 +01:00}. */
    static String show(Instant t, ZoneId zone) {
        return ZonedDateTime.ofInstant(t, zone).format(TIME);
    }

    static String line(Schedules schedules, Schedule s) {
        ScheduleSpec spec = ScheduleSpec.of(s);
        List<Instant> next = schedules.upcoming(s, SHOWN_TIMES);
        StringBuilder sb = new StringBuilder("#").append(s.id()).append(" ").append(spec.describe());
        sb.append("; next: ").append(next.isEmpty() ? "none" : String.join(", ", next.stream().map(t -> show(t, schedules.zone())).toList()));
        sb.append("; prompt: ").append(s.prompt());
        return sb.toString();
    }

    private record Create(Schedules schedules) implements Tool {
        @Override
        public String name() {
            return "schedule_create";
        }

        @Override
        public String description() {
            return "Schedules a task for this conversation: a reminder or job you will run yourself when it is due, with the prompt as "
                    + "your instruction then (write it for yourself, e.g. 'Remind the user to call the bank'). Give exactly one of: at "
                    + "(an RFC 3339 time, e.g. 2025-03-01T09:00:00+01:00; call current_time first to know the time), cron (5 fields: "
                    + "minute hour day-of-month month day-of-week, read in the user's time zone, e.g. '30 7 * * 1-5'), or every_s "
                    + "(seconds between runs). The result lists the next fire times in the user's time zone: confirm them to the user.";
        }

        @Override
        public String inputSchema() {
            return """
                    {"type":"object","properties":{\
                    "prompt":{"type":"string","description":"what to do when it fires"},\
                    "at":{"type":"string","description":"RFC 3339 date-time of a one-off run"},\
                    "cron":{"type":"string","description":"5-field cron expression of a recurring run"},\
                    "every_s":{"type":"integer","minimum":1,"description":"interval of a recurring run, seconds"},\
                    "timezone":{"type":"string","description":"IANA zone for cron and for an at without offset; default the user's zone"}},\
                    "required":["prompt"]}""";
        }

        @Override
        public ToolOutput call(JsonNode in) {
            long session = session();
            Long every = in.hasNonNull("every_s") ? in.get("every_s").asLong() : null;
            if (every != null && !in.get("every_s").canConvertToLong()) return ToolOutput.error("every_s must be a whole number of seconds");
            Schedules.Request r = new Schedules.Request(in.path("prompt").asText(null), text(in, "at"), text(in, "cron"), every, text(in, "timezone"));
            try {
                Schedule s = schedules.create(session, r, "tool");
                return ToolOutput.ok("created schedule " + line(schedules, s) + " (times in " + schedules.zone().getId() + ")");
            } catch (AgentException e) {
                return ToolOutput.error(e.getMessage() + " (nothing was stored)");
            }
        }

        private static String text(JsonNode in, String field) {
            return in.hasNonNull(field) ? in.get(field).asText() : null;
        }
    }

    private record ListTool(Schedules schedules) implements Tool {
        @Override
        public String name() {
            return "schedule_list";
        }

        @Override
        public String description() {
            return "Lists the active schedules of this conversation with their ids, next fire times (user's time zone) and prompts.";
        }

        @Override
        public String inputSchema() {
            return "{\"type\":\"object\",\"properties\":{}}";
        }

        @Override
        public ToolOutput call(JsonNode in) {
            List<Schedule> mine = schedules.list(session());
            if (mine.isEmpty()) return ToolOutput.ok("no active schedules in this conversation");
            StringBuilder sb = new StringBuilder("times in " + schedules.zone().getId() + ":\n");
            for (Schedule s : mine) sb.append(line(schedules, s)).append('\n');
            return ToolOutput.ok(sb.toString().strip());
        }
    }

    private record Cancel(Schedules schedules) implements Tool {
        @Override
        public String name() {
            return "schedule_cancel";
        }

        @Override
        public String description() {
            return "Cancels one schedule of this conversation by its id (see schedule_list).";
        }

        @Override
        public String inputSchema() {
            return "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]}";
        }

        @Override
        public ToolOutput call(JsonNode in) {
            if (!in.path("id").canConvertToLong() || !in.path("id").isNumber()) return ToolOutput.error("id must be the number of a schedule (see schedule_list)");
            try {
                Schedule s = schedules.cancel(in.get("id").asLong(), session());
                return ToolOutput.ok("cancelled schedule #" + s.id() + " (" + ScheduleSpec.of(s).describe() + ": " + s.prompt() + ")");
            } catch (AgentException e) {
                return ToolOutput.error(e.getMessage());
            }
        }
    }
}
