package io.blufio.agent;

import io.blufio.store.Database;
import io.blufio.store.Schedule;
import io.blufio.store.ScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns due schedule occurrences into inbox rows, exactly once, on one virtual thread.
 *
 * <p><b>Exactly once.</b> An occurrence is queued under the inbox external id
 * {@link ScheduleStore#externalId schedule:&lt;id&gt;:&lt;scheduled ms&gt;}, which the inbox accepts once per
 * channel. Only after that row is committed are the run recorded and the schedule's next fire time moved
 * on (one transaction, guarded by the expected old next fire time). A crash between the two leaves the
 * occurrence due; the next pass finds its inbox row ({@link ScheduleStore#queuedBetween}) and records it
 * instead of queueing it again. A crash before the inbox commit leaves nothing, so the occurrence is
 * queued after the restart. The turn itself then runs (and is redone after a crash) like any inbox row.
 *
 * <p><b>Missed occurrences</b> (blufio was down, or the machine slept): of the occurrences due at once only
 * the newest runs, when it is at most {@code schedules.catch_up_s} old (outcome {@code caught_up} if it fell
 * before this scheduler started, else {@code fired}); the older ones, and the newest when too old, are
 * recorded as one {@code skipped} run that counts them.
 *
 * <p>The thread sleeps until the next fire time, at most {@link #MAX_WAIT} (so schedules written by another
 * process, the CLI, are seen within that), and wakes early when a schedule changes.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    /** Longest sleep between two looks at the schedules table. */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    /** Due schedules handled per database read. */
    static final int BATCH = 256;
    /** Missed occurrences of one schedule counted one by one at most; beyond it the count is a lower bound. */
    static final int MAX_MISSED_COUNTED = 100_000;

    /** Puts inbound messages into the inbox. */
    @FunctionalInterface
    public interface Enqueue {
        /** Commits one message; returns its row id, or empty when it was there already (same channel and external id). */
        Optional<Long> submit(Inbound in);

        /**
         * Commits several messages, in one transaction where the implementation can ({@link Agent#submitAll});
         * returns their row ids in order, as {@link #submit} would. This default submits them one by one.
         */
        default List<Optional<Long>> submitAll(List<Inbound> ins) {
            List<Optional<Long>> out = new ArrayList<>();
            for (Inbound in : ins) out.add(submit(in));
            return out;
        }
    }

    /** Waits between passes; {@link #wake()} ends a wait early. Injected so tests can drive passes by hand. */
    @FunctionalInterface
    public interface Waiter {
        /** Waits up to {@code max} or until woken; throws when interrupted. */
        void await(Duration max, Semaphore wake) throws InterruptedException;

        /** The real waiter: a timed wait on the semaphore. */
        Waiter SYSTEM = (max, wake) -> {
            if (wake.tryAcquire(Math.max(0, max.toMillis()), TimeUnit.MILLISECONDS)) wake.drainPermits();
        };
    }

    private final Database db;
    private final ScheduleStore store;
    private final Enqueue enqueue;
    private final Duration catchUp;
    private final Clock clock;
    private final Waiter waiter;
    private final Semaphore wake = new Semaphore(0);
    private volatile AgentEvents events = AgentEvents.NONE;
    private volatile Instant startedAt;
    private volatile boolean running;
    private volatile Optional<Schedule> next = Optional.empty();
    private volatile String lastRefusal;
    private volatile long active;
    private Thread thread;

    /**
     * @param enqueue where due occurrences go ({@link Agent#submit} in the daemon)
     * @param catchUp {@code schedules.catch_up_s}
     */
    public Scheduler(Database db, Enqueue enqueue, Duration catchUp, Clock clock, Waiter waiter) {
        this.db = db;
        this.store = new ScheduleStore(db);
        this.enqueue = enqueue;
        this.catchUp = catchUp;
        this.clock = clock;
        this.waiter = waiter;
        this.startedAt = clock.instant();
    }

    /** Sets where run outcomes and fire lags go (metrics). */
    public void events(AgentEvents events) {
        this.events = events;
    }

    /** Starts the thread; its first pass runs the catch-up of occurrences missed while blufio was down. */
    public synchronized void start() {
        if (running) return;
        running = true;
        startedAt = clock.instant();
        thread = Thread.ofVirtual().name("scheduler").start(this::loop);
    }

    /** Ends a wait early: a schedule was added, cancelled or changed. */
    public void wake() {
        wake.release();
    }

    /** Returns the active schedule that fires next, as of the last pass (no I/O). */
    public Optional<Schedule> nextCached() {
        return next;
    }

    /** Returns how many schedules were active at the last pass (no I/O). */
    public long activeCached() {
        return active;
    }

    private void loop() {
        while (running) {
            try {
                Instant nextAt = tick();
                waiter.await(Duration.between(clock.instant(), nextAt), wake);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("scheduler: {}; trying again in {} s", e.getMessage(), MAX_WAIT.toSeconds(), e);
                try {
                    waiter.await(MAX_WAIT, wake);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Handles every occurrence due at the clock's now and returns when to look again (the next fire
     * time, at most {@link #MAX_WAIT} ahead). Tests with a controlled clock call this directly.
     */
    public Instant tick() {
        Instant now = clock.instant();
        while (true) {
            List<Schedule> due = store.due(now, BATCH);
            int moved = fire(due, now);
            if (due.size() < BATCH || moved == 0) break;
        }
        next = store.next();
        active = store.activeCount();
        Instant limit = clock.instant().plus(MAX_WAIT);
        return next.map(Schedule::nextFireAt).filter(t -> t.isBefore(limit)).orElse(limit);
    }

    /**
     * What one pass does with one due schedule.
     *
     * @param first its stored next fire time (the oldest occurrence due)
     * @param due the newest occurrence at or before now
     * @param count occurrences from {@code first} to {@code due}
     * @param following the occurrence after {@code due}, or null (a one-shot is then done)
     * @param queued occurrences in {@code [first, due]} already in the inbox (queued just before a crash)
     * @param run whether {@code due} runs (at most {@code schedules.catch_up_s} late, or queued already)
     */
    private record Plan(Schedule s, Instant first, Instant due, int count, Instant following, Map<Instant, Long> queued, boolean run) {
        Inbound inbound() {
            return new Inbound(s.channel(), ScheduleStore.externalId(s.id(), due), s.sessionKey(), ScheduleStore.SENDER, content(s, due));
        }

        boolean needsQueueing() {
            return run && !queued.containsKey(due);
        }
    }

    /**
     * Handles the due occurrences of {@code due}: queues those that run in one inbox commit (one fsync for a
     * burst of schedules due at once), then records the runs and moves the schedules on in one relaxed commit.
     * Returns how many schedules were moved on.
     */
    int fire(List<Schedule> due, Instant now) {
        List<Plan> plans = new ArrayList<>();
        for (Schedule s : due) {
            Plan p = plan(s, now);
            if (p != null) plans.add(p);
        }
        List<Plan> toQueue = plans.stream().filter(Plan::needsQueueing).toList();
        Map<Long, Long> turns = new java.util.HashMap<>();  // schedule id -> inbox row of its due occurrence
        for (Plan p : plans) if (p.run() && !p.needsQueueing()) turns.put(p.s().id(), p.queued().get(p.due()));
        if (!toQueue.isEmpty()) {
            List<Optional<Long>> ids;
            try {
                ids = enqueue.submitAll(toQueue.stream().map(Plan::inbound).toList());
            } catch (AgentException e) {  // shutting down, or memory pressure: the occurrences stay due
                if (!e.code().equals(lastRefusal)) {  // retried every pass: say it once per cause
                    log.info("schedules: {} occurrence(s) not queued yet, retrying every second: {} ({})", toQueue.size(), e.getMessage(), e.code());
                }
                lastRefusal = e.code();
                plans.removeAll(toQueue);
                ids = List.of();
            }
            for (int i = 0; i < ids.size(); i++) {
                Plan p = toQueue.get(i);
                String ext = ScheduleStore.externalId(p.s().id(), p.due());
                ids.get(i).or(() -> store.inboxIdFor(p.s().channel(), ext)).ifPresentOrElse(id -> turns.put(p.s().id(), id), () -> plans.remove(p));
            }
        }
        if (!toQueue.isEmpty() && plans.containsAll(toQueue)) lastRefusal = null;
        if (plans.isEmpty()) return 0;
        Instant firedAt = clock.instant();
        // relaxed commit: the inbox rows are durable already, and a run record lost with the power is found again
        // by queuedBetween on the next pass, so an occurrence is neither lost nor queued twice
        List<Plan> moved = db.writeRelaxed(c -> {
            List<Plan> done = new ArrayList<>();
            for (Plan p : plans) {
                if (!store.advance(c, p.s().id(), p.first(), p.following(), firedAt)) continue;  // cancelled or moved meanwhile
                record(c, p, turns.get(p.s().id()), firedAt);
                done.add(p);
            }
            return done;
        });
        for (Plan p : moved) report(p, turns.get(p.s().id()), firedAt, now);
        return moved.size();
    }

    /** Returns the plan for one due schedule, or null when it cannot be read (it is then cancelled). */
    private Plan plan(Schedule s, Instant now) {
        ScheduleSpec spec;
        try {
            spec = ScheduleSpec.of(s);
        } catch (RuntimeException e) {
            log.error("schedule {} cannot be read ({}); cancelling it", s.id(), e.getMessage());
            store.cancel(s.id(), null, now);
            return null;
        }
        Instant first = s.nextFireAt();
        Instant latest = first;
        int count = 1;
        for (Optional<Instant> n = spec.nextAfter(first); n.isPresent() && !n.get().isAfter(now); n = spec.nextAfter(latest)) {
            latest = n.get();
            if (++count >= MAX_MISSED_COUNTED) {  // a very long downtime of a frequent schedule: count no further
                latest = lastAtOrBefore(spec, now, latest);
                break;
            }
        }
        Map<Instant, Long> queued = store.queuedBetween(s.channel(), s.id(), first, latest);
        boolean run = Duration.between(latest, now).compareTo(catchUp) <= 0 || queued.containsKey(latest);
        return new Plan(s, first, latest, count, spec.nextAfter(latest).orElse(null), queued, run);
    }

    private String outcome(Plan p) {
        return !p.run() ? "skipped" : p.due().isBefore(startedAt) ? "caught_up" : "fired";
    }

    /** Returns the occurrences of a plan neither queued before a crash nor run now. */
    private static int notRun(Plan p) {
        int queuedBefore = (int) p.queued().keySet().stream().filter(t -> !t.equals(p.due())).count();
        return p.count() - queuedBefore - (p.run() ? 1 : 0);
    }

    private void record(java.sql.Connection c, Plan p, Long turn, Instant firedAt) throws java.sql.SQLException {
        long id = p.s().id();
        for (Map.Entry<Instant, Long> q : p.queued().entrySet()) {  // queued just before a crash: recorded now, not queued again
            if (!q.getKey().equals(p.due())) store.recordRun(c, id, q.getKey(), firedAt, "fired", 1, q.getValue(), "queued before a restart");
        }
        int notRun = notRun(p);
        if (notRun > 0) {
            store.recordRun(c, id, p.first(), firedAt, "skipped", notRun, null, notRun + " occurrence(s) from " + p.first()
                    + (p.run() ? " missed and folded into the run of " + p.due()
                            : " to " + p.due() + " missed, more than schedules.catch_up_s (" + catchUp.toSeconds() + " s) ago"));
        }
        if (p.run()) store.recordRun(c, id, p.due(), firedAt, outcome(p), 1, turn, null);
    }

    private void report(Plan p, Long turn, Instant firedAt, Instant now) {
        int notRun = notRun(p);
        if (notRun > 0) {
            events.scheduleRun("skipped", notRun, -1);
            log.info("schedule {}: {} missed occurrence(s) skipped (newest {} s late; schedules.catch_up_s = {})", p.s().id(), notRun,
                    Duration.between(p.due(), now).toSeconds(), catchUp.toSeconds());
        }
        if (p.run()) {
            Duration lag = Duration.between(p.due(), firedAt);
            events.scheduleRun(outcome(p), 1, lag.toNanos());
            log.info("schedule {}: {} occurrence {} as turn {} ({} ms late)", p.s().id(), outcome(p), p.due(), turn, lag.toMillis());
        }
    }

    /** Returns the last occurrence at or before {@code now}, starting the search at most a day back (or at {@code known}). */
    private static Instant lastAtOrBefore(ScheduleSpec spec, Instant now, Instant known) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
        Instant x = known;
        for (Optional<Instant> n = spec.nextAfter(dayAgo.isAfter(known) ? dayAgo : known); n.isPresent() && !n.get().isAfter(now);
                n = spec.nextAfter(n.get())) {
            x = n.get();
        }
        return x;
    }

    /** Returns what the model reads when an occurrence of {@code s} due at {@code due} runs. */
    static String content(Schedule s, Instant due) {
        ZonedLabel label = new ZonedLabel(s, due);
        return "[Scheduled task #" + s.id() + " (" + label.describe + "), due " + label.due
                + ". It was set up earlier; this is not a new message from the user. Do what it says and address the user directly.]\n"
                + s.prompt();
    }

    private record ZonedLabel(String describe, String due) {
        ZonedLabel(Schedule s, Instant due) {
            this(describe(s), ScheduleSpec.show(due, java.time.ZoneId.of(s.zone())));
        }

        private static String describe(Schedule s) {
            try {
                return ScheduleSpec.of(s).describe();
            } catch (RuntimeException e) {
                return s.kind() + " " + s.spec();
            }
        }
    }

    /** Stops the thread; occurrences not queued yet stay due and fire after the next start. Safe twice. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
