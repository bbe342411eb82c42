package io.blufio.agent;

import io.blufio.store.InboxItem;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active conversation: a virtual thread that runs the turns of one session strictly in the order
 * they were accepted. It retires itself after {@link #IDLE_RETIRE} without work; the next message
 * builds a new actor from the database.
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
    private final BlockingQueue<InboxItem> mailbox = new ArrayBlockingQueue<>(MAILBOX_CAPACITY);
    private final Work work;
    private final Consumer<SessionActor> onRetire;
    private final Duration idleRetire;
    private volatile boolean busy;
    /** {@link System#nanoTime()} when the last turn ended (or the actor started). */
    private volatile long lastActiveNanos = System.nanoTime();
    private volatile boolean retired;
    private Thread thread;

    SessionActor(String sessionKey, Work work, Consumer<SessionActor> onRetire, Duration idleRetire) {
        this.sessionKey = sessionKey;
        this.work = work;
        this.onRetire = onRetire;
        this.idleRetire = idleRetire;
    }

    String sessionKey() {
        return sessionKey;
    }

    synchronized void start() {
        thread = Thread.ofVirtual().name("session-" + sessionKey).start(this::loop);
    }

    /** Queues a leased row; returns false when the mailbox is full or the actor retired. */
    synchronized boolean offer(InboxItem item) {
        return !retired && mailbox.offer(item);
    }

    /** Returns true when no turn runs and none is queued. */
    boolean idle() {
        return !busy && mailbox.isEmpty();
    }

    /** Returns true when the actor has been idle for at least {@code d} (nothing running or queued). */
    boolean idleFor(Duration d) {
        return idle() && System.nanoTime() - lastActiveNanos >= d.toNanos();
    }

    /** Returns true while a turn runs. */
    boolean busy() {
        return busy;
    }

    /** Stops taking work; an idle actor's thread ends at once. */
    synchronized void retire() {
        retired = true;
        if (thread != null && !busy) thread.interrupt();
    }

    /** Interrupts a running turn (used when the shutdown grace is over). */
    void interrupt() {
        if (thread != null) thread.interrupt();
    }

    /** Waits for the actor's thread to end, up to {@code timeout}. */
    boolean join(Duration timeout) throws InterruptedException {
        return thread == null || thread.join(timeout);
    }

    private void loop() {
        try {
            while (true) {
                InboxItem item;
                synchronized (this) {
                    if (retired && mailbox.isEmpty()) return;
                }
                item = mailbox.poll(idleRetire.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    synchronized (this) {
                        if (mailbox.isEmpty()) {
                            retired = true;
                            return;
                        }
                    }
                    continue;
                }
                busy = true;
                try {
                    work.run(item);
                } catch (RuntimeException e) {
                    log.error("session {}: turn {} crashed; it stays in the inbox and runs again", sessionKey, item.id(), e);
                } finally {
                    busy = false;
                    lastActiveNanos = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            // retired or shutting down: queued rows stay leased and are re-queued by the next start
        } finally {
            retired = true;
            onRetire.accept(this);
        }
    }

    /** Returns the rows still queued (after the actor stopped). */
    java.util.List<InboxItem> drain() {
        java.util.List<InboxItem> out = new java.util.ArrayList<>();
        mailbox.drainTo(out);
        return out;
    }
}
