package io.blufio.agent;

import io.blufio.ErrorCode;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.blufio.store.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: once {@code at} an instant, by a 5-field Unix cron expression read in a time zone
 * (parsed and stepped by cron-utils, https://github.com/jmrozanec/cron-utils; across a DST change a local
 * time that does not exist is skipped and one that exists twice fires once, as cron-utils documents), or
 * {@code every} N seconds counted from the schedule's creation (fixed rate, no drift).
 *
 * <p>The factories validate and throw {@link AgentException} {@code schedule_invalid} with a message that
 * says what is wrong and how to write it; nothing invalid reaches the store.
 */
public final class ScheduleSpec {
    /** The three kinds, as stored in {@code schedules.kind}. */
    public static final List<String> KINDS = List.of("at", "cron", "every");

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Occurrences looked at when checking the shortest gap of a cron expression. */
    static final int GAP_PROBES = 1_500;
    /** How far ahead the gap check and "never fires" check look. */
    static final Duration GAP_HORIZON = Duration.ofDays(400);

    private final String kind;
    private final String spec;
    private final ZoneId zone;
    private final Instant at;           // kind at
    private final ExecutionTime cron;   // kind cron
    private final long everyS;          // kind every
    private final Instant anchor;       // kind every: occurrences are anchor + k * everyS, k >= 1

    private ScheduleSpec(String kind, String spec, ZoneId zone, Instant at, ExecutionTime cron, long everyS, Instant anchor) {
        this.kind = kind;
        this.spec = spec;
        this.zone = zone;
        this.at = at;
        this.cron = cron;
        this.everyS = everyS;
        this.anchor = anchor;
    }

    /**
     * Returns a one-shot schedule at {@code text}: an RFC 3339 instant ({@code 2025-03-01T09:00:00+01:00},
     * {@code ...Z}) or a local date-time without offset ({@code 2025-03-01T09:00}, {@code 2025-03-01 09:00})
     * read in {@code zone}. It must lie after {@code now}.
     *
     * @throws AgentException {@code schedule_invalid}
     */
    public static ScheduleSpec at(String text, ZoneId zone, Instant now) {
        String t = text == null ? "" : text.strip();
        Instant when;
        try {
            when = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                when = LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw invalid("the time \"" + t + "\" is not an RFC 3339 date-time; write it like 2025-03-01T09:00:00+01:00, "
                        + "2025-03-01T08:00:00Z, or 2025-03-01T09:00 (read in " + zone.getId() + ")");
            }
        }
        when = when.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);  // the store keeps milliseconds
        if (!when.isAfter(now)) {
            throw invalid("the time " + show(when, zone) + " is in the past (now it is " + show(now, zone) + "); give a later time");
        }
        return new ScheduleSpec("at", when.toString(), zone, when, null, 0, null);
    }

    /**
     * Returns a cron schedule: 5 fields (minute hour day-of-month month day-of-week), read in {@code zone},
     * whose occurrences are never closer than {@code minIntervalS} seconds.
     *
     * @throws AgentException {@code schedule_invalid}
     */
    public static ScheduleSpec cron(String expression, ZoneId zone, int minIntervalS, Instant now) {
        String e = expression == null ? "" : expression.strip().replaceAll("\\s+", " ");
        if (e.split(" ").length != 5) {
            throw invalid("the cron expression \"" + e + "\" has " + (e.isEmpty() ? 0 : e.split(" ").length)
                    + " fields; write 5: minute hour day-of-month month day-of-week, e.g. \"30 7 * * 1-5\" for 07:30 on weekdays");
        }
        ExecutionTime et;
        try {
            Cron c = UNIX.parse(e);
            c.validate();
            et = ExecutionTime.forCron(c);
        } catch (IllegalArgumentException ex) {
            throw invalid("the cron expression \"" + e + "\" cannot be read: " + ex.getMessage()
                    + "; write 5 fields: minute hour day-of-month month day-of-week, e.g. \"0 9 * * *\" for 09:00 daily");
        }
        ScheduleSpec s = new ScheduleSpec("cron", e, zone, null, et, 0, null);
        Instant first = s.nextAfter(now).orElse(null);
        if (first == null || first.isAfter(now.plus(GAP_HORIZON))) {
            throw invalid("the cron expression \"" + e + "\" never fires in the next " + GAP_HORIZON.toDays() + " days; check the day and month fields");
        }
        Duration gap = s.shortestGap(first);
        if (gap.getSeconds() < minIntervalS) {
            throw invalid("the cron expression \"" + e + "\" fires every " + gap.getSeconds() + " s at times, more often than "
                    + "schedules.min_interval_s (" + minIntervalS + " s); choose a coarser expression");
        }
        return s;
    }

    /**
     * Returns an interval schedule firing every {@code seconds} from {@code anchor} on (first at anchor + seconds).
     *
     * @throws AgentException {@code schedule_invalid} below {@code minIntervalS}
     */
    public static ScheduleSpec every(long seconds, int minIntervalS, ZoneId zone, Instant anchor) {
        if (seconds < minIntervalS) {
            throw invalid("an interval of " + seconds + " s is shorter than schedules.min_interval_s (" + minIntervalS + " s); give at least "
                    + minIntervalS);
        }
        return new ScheduleSpec("every", Long.toString(seconds), zone, null, null, seconds, anchor);
    }

    /**
     * Rebuilds the spec of a stored schedule (validated when it was created; bounds are not re-checked).
     *
     * @throws AgentException {@code schedule_invalid} when the row cannot be read (a damaged row)
     */
    public static ScheduleSpec of(Schedule s) {
        ZoneId zone;
        try {
            zone = ZoneId.of(s.zone());
        } catch (DateTimeException e) {
            throw invalid("schedule " + s.id() + " has the unknown time zone \"" + s.zone() + "\"");
        }
        return switch (s.kind()) {
            case "at" -> new ScheduleSpec("at", s.spec(), zone, Instant.parse(s.spec()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), null, 0, null);
            case "cron" -> new ScheduleSpec("cron", s.spec(), zone, null, ExecutionTime.forCron(UNIX.parse(s.spec())), 0, null);
            case "every" -> new ScheduleSpec("every", s.spec(), zone, null, null, Long.parseLong(s.spec()), s.createdAt());
            default -> throw invalid("schedule " + s.id() + " has the unknown kind \"" + s.kind() + "\"");
        };
    }

    /** Returns {@code at}, {@code cron} or {@code every}. */
    public String kind() {
        return kind;
    }

    /** Returns the normalised text stored in {@code schedules.spec}. */
    public String spec() {
        return spec;
    }

    /** Returns the zone times are read and shown in. */
    public ZoneId zone() {
        return zone;
    }

    /** Returns true for {@code cron} and {@code every}. */
    public boolean recurring() {
        return !kind.equals("at");
    }

    /** Returns the first occurrence strictly after {@code t}, or empty when there is none. */
    public Optional<Instant> nextAfter(Instant t) {
        return switch (kind) {
            case "at" -> at.isAfter(t) ? Optional.of(at) : Optional.empty();
            case "every" -> {
                long ms = everyS * 1000;
                long since = t.toEpochMilli() - anchor.toEpochMilli();
                long k = since < 0 ? 1 : since / ms + 1;
                yield Optional.of(anchor.plusMillis(k * ms));
            }
            default -> cron.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant)
                    .map(n -> n.isAfter(t) ? n : null);
        };
    }

    /** Returns up to {@code n} occurrences after {@code t}, earliest first. */
    public List<Instant> upcoming(Instant t, int n) {
        List<Instant> out = new ArrayList<>();
        Instant from = t;
        while (out.size() < n) {
            Optional<Instant> next = nextAfter(from);
            if (next.isEmpty()) break;
            out.add(next.get());
            from = next.get();
        }
        return out;
    }

    /** Returns a human description: {@code once at ...}, {@code cron "0 9 * * *" (Europe/Paris)}, {@code every 3600 s}. */
    public String describe() {
        return switch (kind) {
            case "at" -> "once at " + show(at, zone);
            case "every" -> "every " + everyS + " s";
            default -> "cron \"" + spec + "\" (" + zone.getId() + ")";
        };
    }

    private Duration shortestGap(Instant first) {
        Duration min = Duration.ofDays(GAP_HORIZON.toDays());
        Instant prev = first;
        Instant horizon = first.plus(GAP_HORIZON);
        for (int i = 0; i < GAP_PROBES; i++) {
            Optional<Instant> next = nextAfter(prev);
            if (next.isEmpty() || next.get().isAfter(horizon)) break;
            Duration d = Duration.between(prev, next.get());
            if (d.compareTo(min) < 0) min = d;
            prev = next.get();
        }
        return min;
    }

    /** Returns {@code t} as a local date-time with offset and zone, e.g. {@code 2025-03-01T09:00+01:00[Europe/Paris]}, to the second. */
    public static String show(Instant t, ZoneId zone) {
        return ZonedDateTime.ofInstant(t, zone).withNano(0).toString();
    }

    static AgentException invalid(String message) {
        return new AgentException(ErrorCode.SCHEDULE_INVALID, message);
    }

    @Override
    public String toString() {
        return describe();
    }
}
