package io.blufio.agent;

import io.blufio.Ticker;
import io.blufio.store.InboxItem;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active conversation: a virtual thread that runs the turns of one session strictly in the order
 * they were accepted. It retires itself after {@link #IDLE_RETIRE} without work; the next message
 * builds a new actor from the database.
 *
 * <p>State protocol: the mailbox, {@code busy} and {@code retired} change only under one lock. The actor
 * takes a row from the mailbox and marks itself busy in the same critical section, and eviction
 * ({@link #tryRetire()}) succeeds only when, under that lock, nothing runs and nothing is queued. So an
 * eviction can never interrupt or strand a turn that has started or been handed over: it either sees
 * the turn and gives up, or retires first and the actor refuses the row ({@link #offer} returns false).
 * Eviction never interrupts the thread; a retired idle actor is woken by a signal and ends by itself.
 */
final class SessionActor {
    private static final Logger log = LoggerFactory.getLogger(SessionActor.class);

    /** Turns queued for one actor; when full, inbox rows stay pending and are dispatched later, never dropped. */
    static final int MAILBOX_CAPACITY = 32;
    /** Idle time after which an actor retires and frees its slot of {@code agent.max_sessions}. */
    static final Duration IDLE_RETIRE = Duration.ofMinutes(5);

    interface Work {
        void run(InboxItem item) throws InterruptedException;
    }

    private final String sessionKey;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<InboxItem> mailbox = new ArrayDeque<>(MAILBOX_CAPACITY);  // guarded by lock
    private final Work work;
    private final Consumer<SessionActor> onRetire;
    private final Runnable onIdle;
    private final Duration idleRetire;
    private boolean busy;      // guarded by lock
    private boolean retired;   // guarded by lock
    /** {@link System#nanoTime()} when the last turn ended (or the actor started). */
    private volatile long lastActiveNanos;
    private final Ticker ticker;
    private Thread thread;

    /**
     * @param onRetire called once, on the actor's thread, when it ends (the agent frees its slot)
     * @param onIdle called after every turn, when the actor may have become evictable (wakes the dispatcher)
     * @param idleRetire idle time after which the actor retires itself
     */
    SessionActor(String sessionKey, Work work, Consumer<SessionActor> onRetire, Runnable onIdle, Duration idleRetire) {
        this(sessionKey, work, onRetire, onIdle, idleRetire, Ticker.SYSTEM);
    }

    /** @param ticker monotonic time of {@link #idleFor} and {@link #lastActiveNanos} (a manual one in tests) */
    SessionActor(String sessionKey, Work work, Consumer<SessionActor> onRetire, Runnable onIdle, Duration idleRetire, Ticker ticker) {
        this.ticker = ticker;
        this.lastActiveNanos = ticker.nanoTime();
        this.sessionKey = sessionKey;
        this.work = work;
        this.onRetire = onRetire;
        this.onIdle = onIdle;
        this.idleRetire = idleRetire;
    }

    String sessionKey() {
        return sessionKey;
    }

    synchronized void start() {
        thread = Thread.ofVirtual().name("session-" + sessionKey).start(this::loop);
    }

    /** Queues a leased row; returns false when the mailbox is full or the actor retired. */
    boolean offer(InboxItem item) {
        lock.lock();
        try {
            if (retired || mailbox.size() >= MAILBOX_CAPACITY) return false;
            mailbox.add(item);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Returns true when no turn runs and none is queued. */
    boolean idle() {
        lock.lock();
        try {
            return !busy && mailbox.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Returns true when the actor has been idle for at least {@code d} (nothing running or queued). */
    boolean idleFor(Duration d) {
        return idle() && ticker.nanoTime() - lastActiveNanos >= d.toNanos();
    }

    /** Returns {@link System#nanoTime()} of the end of the last turn (or of the start). */
    long lastActiveNanos() {
        return lastActiveNanos;
    }

    /** Returns true while a turn runs. */
    boolean busy() {
        lock.lock();
        try {
            return busy;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Retires the actor only if, at this instant, no turn runs and none is queued (eviction). Returns
     * true when it did: the actor then takes no more rows and its thread ends by itself. Never interrupts.
     */
    boolean tryRetire() {
        lock.lock();
        try {
            if (retired) return true;
            if (busy || !mailbox.isEmpty()) return false;
            retired = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking work (shutdown): queued rows still run, then the thread ends; never interrupts. */
    void retire() {
        lock.lock();
        try {
            retired = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts a running turn (used when the shutdown grace is over). */
    void interrupt() {
        if (thread != null) thread.interrupt();
    }

    /** Waits for the actor's thread to end, up to {@code timeout}. */
    boolean join(Duration timeout) throws InterruptedException {
        return thread == null || thread.join(timeout);
    }

    /** Takes the next row and marks the actor busy in one step; null when the actor is to end. */
    private InboxItem next() throws InterruptedException {
        lock.lock();
        try {
            long left = idleRetire.toNanos();
            while (mailbox.isEmpty()) {
                if (retired) return null;
                if (left <= 0) {
                    retired = true;  // idle too long: free the slot
                    return null;
                }
                left = changed.awaitNanos(left);
            }
            busy = true;
            return mailbox.poll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            for (InboxItem item = next(); item != null; item = next()) {
                try {
                    work.run(item);
                } catch (RuntimeException e) {
                    log.error("session {}: turn {} crashed; it stays in the inbox and runs again", sessionKey, item.id(), e);
                } finally {
                    lastActiveNanos = ticker.nanoTime();  // before busy ends: an idle actor always has its last stamp
                    lock.lock();
                    try {
                        busy = false;
                    } finally {
                        lock.unlock();
                    }
                    onIdle.run();
                }
            }
        } catch (InterruptedException e) {
            // shutting down: queued rows stay leased and are re-queued by the next start
        } finally {
            lock.lock();
            try {
                retired = true;
            } finally {
                lock.unlock();
            }
            onRetire.accept(this);
        }
    }

    /** Returns the rows still queued (after the actor stopped). */
    java.util.List<InboxItem> drain() {
        lock.lock();
        try {
            java.util.List<InboxItem> out = new java.util.ArrayList<>(mailbox);
            mailbox.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }
}
