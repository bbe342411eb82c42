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

    /** Puts one inbound message into the inbox; returns its row id, or empty when it was there already. */
    @FunctionalInterface
    public interface Enqueue {
        Optional<Long> submit(Inbound in);
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
            int moved = 0;
            for (Schedule s : due) {
                if (fire(s, now)) moved++;
            }
            if (due.size() < BATCH || moved == 0) break;
        }
        next = store.next();
        active = store.activeCount();
        Instant limit = clock.instant().plus(MAX_WAIT);
        return next.map(Schedule::nextFireAt).filter(t -> t.isBefore(limit)).orElse(limit);
    }

    /** Handles the due occurrences of one schedule; returns true when it was moved on. */
    boolean fire(Schedule s, Instant now) {
        ScheduleSpec spec;
        try {
            spec = ScheduleSpec.of(s);
        } catch (RuntimeException e) {
            log.error("schedule {} cannot be read ({}); cancelling it", s.id(), e.getMessage());
            store.cancel(s.id(), null, now);
            return true;
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
        Instant following = spec.nextAfter(latest).orElse(null);
        Map<Instant, Long> queued = store.queuedBetween(s.channel(), s.id(), first, latest);
        Duration late = Duration.between(latest, now);
        boolean run = late.compareTo(catchUp) <= 0 || queued.containsKey(latest);
        Long inboxId = queued.get(latest);
        if (run && inboxId == null) {
            String ext = ScheduleStore.externalId(s.id(), latest);
            try {
                inboxId = enqueue.submit(new Inbound(s.channel(), ext, s.sessionKey(), ScheduleStore.SENDER, content(s, latest)))
                        .or(() -> store.inboxIdFor(s.channel(), ext)).orElse(null);
            } catch (AgentException e) {  // shutting down, or memory pressure: the occurrence stays due
                log.info("schedule {}: occurrence {} not queued yet: {} ({})", s.id(), latest, e.getMessage(), e.code());
                return false;
            }
            if (inboxId == null) return false;
        }
        Instant firedAt = clock.instant();
        String outcome = !run ? "skipped" : latest.isBefore(startedAt) ? "caught_up" : "fired";
        Instant due = latest;
        int queuedBefore = (int) queued.keySet().stream().filter(t -> !t.equals(due)).count();
        int notRun = count - queuedBefore - (run ? 1 : 0);  // neither queued before a crash nor run now
        Long turn = inboxId;
        boolean moved = db.write(c -> {
            if (!store.advance(c, s.id(), first, following, firedAt)) return false;  // cancelled or moved by another writer meanwhile
            for (Map.Entry<Instant, Long> q : queued.entrySet()) {  // queued just before a crash: recorded now, not queued again
                if (!q.getKey().equals(due)) store.recordRun(c, s.id(), q.getKey(), firedAt, "fired", 1, q.getValue(), "queued before a restart");
            }
            if (notRun > 0) {
                store.recordRun(c, s.id(), first, firedAt, "skipped", notRun, null, notRun + " occurrence(s) from " + first
                        + (run ? " missed and folded into the run of " + due
                                : " to " + due + " missed, more than schedules.catch_up_s (" + catchUp.toSeconds() + " s) ago"));
            }
            if (run) store.recordRun(c, s.id(), due, firedAt, outcome, 1, turn, null);
            return true;
        });
        if (!moved) return false;
        if (notRun > 0) events.scheduleRun("skipped", notRun, -1);
        if (run) {
            events.scheduleRun(outcome, 1, Duration.between(due, firedAt).toNanos());
            log.info("schedule {}: {} occurrence {} as turn {} ({} ms late)", s.id(), outcome, due, turn, Duration.between(due, firedAt).toMillis());
        }
        if (notRun > 0) {
            log.info("schedule {}: {} missed occurrence(s) skipped (newest {} s late; schedules.catch_up_s = {})", s.id(), notRun,
                    late.toSeconds(), catchUp.toSeconds());
        }
        return true;
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
