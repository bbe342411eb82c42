package io.blufio.agent;

import io.blufio.ErrorCode;
import io.blufio.config.SchedulesConfig;
import io.blufio.store.Database;
import io.blufio.store.Schedule;
import io.blufio.store.ScheduleRun;
import io.blufio.store.ScheduleStore;
import io.blufio.store.Session;
import io.blufio.store.SessionStore;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Creates, lists, cancels and runs schedules (SPEC section 12) for the tools, the CLI and the API. Every
 * write is checked first: exactly one of at / cron / every, a known time zone, a time in the future, an
 * expression that parses and fires no more often than {@code schedules.min_interval_s}, at most
 * {@code schedules.max_per_session} active schedules per session. A refused request stores nothing.
 *
 * <p>Error codes: {@code schedule_invalid} (bad input; the message says how to write it),
 * {@code schedule_limit} (too many), {@code schedule_not_found}.
 */
public final class Schedules {
    /** Longest prompt a schedule may carry, in characters. */
    public static final int MAX_PROMPT_CHARS = 4_000;
    /** Schedules one list returns at most. */
    public static final int LIST_LIMIT = 1_000;
    /** Channels a schedule's owner session may belong to. */
    static final List<String> CHANNELS = List.of("telegram", "api", "cli");

    private final Database db;
    private final ScheduleStore store;
    private final SessionStore sessions;
    private final SchedulesConfig cfg;
    private final ZoneId zone;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** @param zone the user's zone ({@code agent.timezone}): cron expressions are read and times shown in it */
    public Schedules(Database db, SchedulesConfig cfg, ZoneId zone, Clock clock) {
        this.db = db;
        this.store = new ScheduleStore(db);
        this.sessions = new SessionStore(db);
        this.cfg = cfg;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * What to schedule: exactly one of {@code at}, {@code cron}, {@code everyS}.
     *
     * @param prompt what the agent should do when it fires (1..{@link #MAX_PROMPT_CHARS} characters)
     * @param at RFC 3339 instant, or a local date-time read in the zone
     * @param cron 5-field Unix cron expression
     * @param everyS interval in whole seconds
     * @param timezone IANA zone for this schedule; null = {@code agent.timezone}
     */
    public record Request(String prompt, String at, String cron, Long everyS, String timezone) {}

    /** Returns {@code agent.timezone}. */
    public ZoneId zone() {
        return zone;
    }

    /** Returns the config the bounds come from. */
    public SchedulesConfig config() {
        return cfg;
    }

    /** Calls {@code r} after every change (the scheduler wakes up to look at the new next fire time). */
    public void onChange(Runnable r) {
        listeners.add(r);
    }

    /**
     * Validates {@code r} and stores it as an active schedule of the session with {@code sessionId}.
     *
     * @throws AgentException {@code schedule_invalid}, {@code schedule_limit}, {@code schedule_not_found} (no such session)
     */
    public Schedule create(long sessionId, Request r, String createdBy) {
        Session owner = sessions.byId(sessionId).orElseThrow(() -> new AgentException(ErrorCode.SCHEDULE_NOT_FOUND, "no session " + sessionId));
        return create(owner, r, createdBy);
    }

    /**
     * Like {@link #create(long, Request, String)} for a session named by the CLI: a session key
     * ({@code telegram:42}, {@code api:phone}, {@code cli:local}) or a bare name meaning {@code api:<name>},
     * the session the API uses for that name. The session is created when it does not exist yet.
     *
     * @throws AgentException {@code schedule_invalid}, {@code schedule_limit}
     */
    public Schedule create(String session, Request r, String createdBy) {
        String key = sessionKey(session);
        String channel = key.substring(0, key.indexOf(':'));
        spec(r, clock.instant());  // validate before creating the session, so bad input stores nothing at all
        Session owner = sessions.byKey(key).orElseGet(() -> db.write(c -> sessions.getOrCreate(c, key, channel, clock.instant())));
        return create(owner, r, createdBy);
    }

    private Schedule create(Session owner, Request r, String createdBy) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);  // as stored: every_s counts from it
        ScheduleSpec spec = spec(r, now);
        Instant first = spec.nextAfter(now).orElseThrow(() -> ScheduleSpec.invalid(spec.describe() + " never fires"));
        String prompt = r.prompt().strip();
        long id = db.write(c -> {
            int active = store.countActive(c, owner.id());
            if (active >= cfg.maxPerSession()) {
                throw new AgentException(ErrorCode.SCHEDULE_LIMIT, "session " + owner.key() + " already has " + active
                        + " active schedules, the limit of schedules.max_per_session (" + cfg.maxPerSession() + "); cancel one first");
            }
            return store.insert(c, owner.id(), spec.kind(), spec.spec(), spec.zone().getId(), prompt, createdBy, now, first);
        });
        changed();
        return store.find(id).orElseThrow();
    }

    /** Validates a request and returns its spec; stores nothing. */
    ScheduleSpec spec(Request r, Instant now) {
        if (r.prompt() == null || r.prompt().isBlank()) {
            throw ScheduleSpec.invalid("the prompt is empty; say what the agent should do when the schedule fires");
        }
        if (r.prompt().length() > MAX_PROMPT_CHARS) {
            throw ScheduleSpec.invalid("the prompt has " + r.prompt().length() + " characters, more than " + MAX_PROMPT_CHARS + "; shorten it");
        }
        int given = (r.at() != null ? 1 : 0) + (r.cron() != null ? 1 : 0) + (r.everyS() != null ? 1 : 0);
        if (given != 1) {
            throw ScheduleSpec.invalid("give exactly one of at (an RFC 3339 time), cron (a 5-field expression) or every_s (seconds); got "
                    + (given == 0 ? "none" : given));
        }
        ZoneId z = zoneOf(r.timezone());
        if (r.at() != null) return ScheduleSpec.at(r.at(), z, now);
        if (r.cron() != null) return ScheduleSpec.cron(r.cron(), z, cfg.minIntervalS(), now);
        return ScheduleSpec.every(r.everyS(), cfg.minIntervalS(), z, now);
    }

    private ZoneId zoneOf(String name) {
        if (name == null || name.isBlank()) return zone;
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw ScheduleSpec.invalid("\"" + name.strip() + "\" is not a time zone; use an IANA name such as Europe/Paris, America/New_York or UTC");
        }
    }

    /**
     * Returns the session key the CLI's {@code --session} names.
     *
     * @throws AgentException {@code schedule_invalid} for an unknown channel or a Telegram key that is not a chat id
     */
    public static String sessionKey(String session) {
        String s = session == null ? "" : session.strip();
        if (s.isEmpty()) throw ScheduleSpec.invalid("the session is empty; name one, e.g. telegram:42, api:cli or cli:local");
        int colon = s.indexOf(':');
        if (colon < 0) return "api:" + s;
        String channel = s.substring(0, colon);
        if (!CHANNELS.contains(channel) || colon == s.length() - 1) {
            throw ScheduleSpec.invalid("the session \"" + s + "\" is not <channel>:<name> with channel telegram, api or cli (e.g. telegram:42)");
        }
        if (channel.equals("telegram") && !s.substring(colon + 1).matches("-?\\d+")) {
            throw ScheduleSpec.invalid("a Telegram session is telegram:<chat id>, a number (the user's id in a private chat), got \"" + s + "\"");
        }
        return s;
    }

    /** Returns the schedule with {@code id}, whatever its state. */
    public Optional<Schedule> find(long id) {
        return store.find(id);
    }

    /** Returns the active schedules of one session ({@code sessionId} not null) or of all, by id. */
    public List<Schedule> list(Long sessionId) {
        return store.list(sessionId, false, LIST_LIMIT);
    }

    /** Returns the schedules of all sessions, ended ones too, by id. */
    public List<Schedule> listAll() {
        return store.list(null, true, LIST_LIMIT);
    }

    /**
     * Cancels an active schedule; with {@code ownerSessionId} not null only a schedule of that session.
     *
     * @throws AgentException {@code schedule_not_found} when there is no such active schedule (for that session)
     */
    public Schedule cancel(long id, Long ownerSessionId) {
        if (!store.cancel(id, ownerSessionId, clock.instant())) {
            throw new AgentException(ErrorCode.SCHEDULE_NOT_FOUND, "no active schedule " + id
                    + (ownerSessionId == null ? "; see 'blufio schedule list'" : " in this conversation; schedule_list shows the ones you can cancel"));
        }
        changed();
        return store.find(id).orElseThrow();
    }

    /** Returns the newest {@code limit} runs of schedule {@code id}, newest first. */
    public List<ScheduleRun> history(long id, int limit) {
        return store.runs(id, limit);
    }

    /** Returns the newest run of schedule {@code id}, if it ran or was skipped. */
    public Optional<ScheduleRun> lastRun(long id) {
        return store.runs(id, 1).stream().findFirst();
    }

    /** Returns the next {@code n} occurrences of a stored schedule after now. */
    public List<Instant> upcoming(Schedule s, int n) {
        if (!"active".equals(s.state()) || s.nextFireAt() == null) return List.of();
        ScheduleSpec spec = ScheduleSpec.of(s);
        List<Instant> out = new java.util.ArrayList<>();
        out.add(s.nextFireAt());
        out.addAll(spec.upcoming(s.nextFireAt(), n - 1));
        return out;
    }

    /** Returns the active schedule that fires next, if any. */
    public Optional<Schedule> next() {
        return store.next();
    }

    /** Returns how many schedules are active. */
    public long activeCount() {
        return store.activeCount();
    }

    /**
     * Queues a turn for schedule {@code id} now, outside its timetable (its next occurrence stays as it
     * is), through {@code enqueue}; records the run as {@code run_now}. Works for ended schedules too.
     *
     * @return the inbox row (turn) id
     * @throws AgentException {@code schedule_not_found}; what {@code enqueue} throws (e.g. {@code shutting_down})
     */
    public long runNow(long id, Scheduler.Enqueue enqueue) {
        Schedule s = store.find(id).orElseThrow(() -> new AgentException(ErrorCode.SCHEDULE_NOT_FOUND, "no schedule " + id + "; see 'blufio schedule list'"));
        Instant now = clock.instant();
        String ext = "schedule:" + id + ":now:" + now.toEpochMilli();
        Inbound in = new Inbound(s.channel(), ext, s.sessionKey(), ScheduleStore.SENDER, Scheduler.content(s, now));
        long inboxId = enqueue.submit(in).or(() -> store.inboxIdFor(s.channel(), ext))
                .orElseThrow(() -> new AgentException(ErrorCode.INTERNAL, "the run of schedule " + id + " was not queued"));
        db.write(c -> store.recordRun(c, id, now, now, "run_now", 1, inboxId, null));
        return inboxId;
    }

    private void changed() {
        for (Runnable r : listeners) r.run();
    }
}
