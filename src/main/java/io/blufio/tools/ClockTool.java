package io.blufio.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** {@code current_time}: the current date and time, in UTC or an IANA time zone (group {@code clock}). */
public final class ClockTool implements Tool {
    private final Clock clock;

    /** @param clock source of the current instant */
    public ClockTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "current_time";
    }

    @Override
    public String description() {
        return "Returns the current date and time (ISO 8601 with offset and weekday). Optional argument timezone: an IANA zone such as Europe/Berlin; default UTC.";
    }

    @Override
    public String inputSchema() {
        return """
                {"type":"object","properties":{"timezone":{"type":"string","description":"IANA time zone, e.g. Europe/Berlin; default UTC"}}}""";
    }

    @Override
    public ToolOutput call(JsonNode input) {
        String zone = input.path("timezone").asText("UTC");
        if (zone.isBlank()) zone = "UTC";
        ZoneId id;
        try {
            id = ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ToolOutput.error("unknown time zone \"" + zone + "\": use an IANA name such as UTC or Europe/Berlin");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(id));
        return ToolOutput.ok(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (" + now.getDayOfWeek() + ", " + id + ")");
    }
}
