package io.blufio.agent;

import io.blufio.Ticker;
import io.blufio.store.OutboxPart;
import io.blufio.store.OutboxRow;
import io.blufio.store.OutboxStore;
import io.blufio.store.ReplyState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's replies from the outbox. A loop on its own virtual thread scans the open rows
 * (woken when a turn commits a reply, else every {@link #POLL}), takes the oldest reply of each session whose
 * earlier replies are done, claims it ({@link OutboxStore#claim}: one compare-and-set UPDATE) and hands it to a
 * sender virtual thread; at most {@link #CONCURRENCY} replies are in flight, the rest wait in the table (the
 * queue is durable and its in-memory part bounded by the slots). A sender splits the reply once (the parts are
 * stored), sends the parts not yet recorded, records each part's message id before the next, and marks the
 * reply delivered. A failure is retried per {@link DeliveryPolicy}; a permanent one ends {@code failed}.
 *
 * <p>No session actor and not the inbox dispatcher ever waits here: a slow or dead channel only delays its
 * own replies.
 */
final class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    /** Replies of one channel sent at once, at most (the bound of the in-memory queue): 4. */
    static final int CONCURRENCY = 4;
    /** Open rows read per pass: 256 (older sessions first; the rest are read by later passes). */
    static final int SCAN = 256;
    /** Longest pause between passes when no turn signals a new reply: 1 s. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** A claim's lease, renewed after every part: 2 min (longer than any single send, 30 s at most). */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Delivered replies are kept this long, then pruned with their parts: 7 days. Failed ones stay. */
    static final Duration KEEP_DELIVERED = Duration.ofDays(7);
    /** How long a stop waits past the grace for a part in flight before interrupting it: 5 s. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final String channel;
    private final OutboxStore store;
    private final ReplyTransport transport;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Supplier<AgentEvents> events;
    /** Random per run: a claim of a dead run is never mistaken for ours. */
    private final String owner = UUID.randomUUID().toString();
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore slots = new Semaphore(CONCURRENCY);
    private final Set<String> busySessions = ConcurrentHashMap.newKeySet();
    private final Map<Thread, Long> senders = new ConcurrentHashMap<>();
    private final AtomicLong passes = new AtomicLong();
    private volatile boolean running;
    private volatile boolean stopSending;
    private volatile boolean quiet;
    private volatile DeliveryStatus status = DeliveryStatus.EMPTY;
    private Instant nextPrune = Instant.MIN;
    private Thread loop;

    DeliveryWorker(String channel, OutboxStore store, ReplyTransport transport, DeliveryPolicy policy, Clock clock,
            Supplier<AgentEvents> events) {
        this.channel = channel;
        this.store = store;
        this.transport = transport;
        this.policy = policy;
        this.clock = clock;
        this.events = events;
    }

    /** Puts back what a dead run was sending and starts the loop. */
    synchronized void start() {
        if (running) return;
        int requeued = store.requeueSending(channel);
        if (requeued > 0) log.info("{}: {} reply(ies) interrupted by the last stop resume at their next unsent part", channel, requeued);
        running = true;
        loop = Thread.ofVirtual().name("deliver-" + channel).start(this::loop);
    }

    /** Signals that a reply was committed (or a sender finished): the next pass runs at once. */
    void wake() {
        wake.release();
    }

    /** Returns the counts of the last pass. */
    DeliveryStatus status() {
        return status;
    }

    private void loop() {
        while (running) {
            try {
                pass();
                prune();
            } catch (RuntimeException e) {
                log.error("{}: delivery pass failed: {}; trying again in {} ms", channel, e.getMessage(), POLL.toMillis(), e);
            }
            passes.incrementAndGet();
            try {
                wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Claims what is due and starts its senders; refreshes {@link #status()}. */
    void pass() {
        Instant now = clock.instant();
        boolean dueLeft = false;
        Set<String> seen = new HashSet<>();
        for (OutboxRow r : store.open(channel, SCAN)) {
            if (!seen.add(r.sessionKey())) continue;  // one reply per session at a time, in turn order
            if (r.state() != ReplyState.PENDING || busySessions.contains(r.sessionKey())) continue;
            if (r.nextAttemptAt().isAfter(now)) continue;  // waiting for its retry
            if (stopSending || !slots.tryAcquire()) {
                dueLeft = true;
                break;
            }
            if (!store.claim(r.turnId(), owner, now, LEASE)) {
                slots.release();
                continue;
            }
            busySessions.add(r.sessionKey());
            Thread t = Thread.ofVirtual().name("deliver-" + channel + "-" + r.turnId()).unstarted(() -> send(r));
            senders.put(t, r.turnId());
            t.start();
        }
        Map<ReplyState, Long> counts = store.counts(channel);
        Optional<OutboxRow> last = counts.getOrDefault(ReplyState.FAILED, 0L) > 0 ? store.lastFailed(channel) : Optional.empty();
        status = new DeliveryStatus(counts.getOrDefault(ReplyState.PENDING, 0L), counts.getOrDefault(ReplyState.SENDING, 0L),
                counts.getOrDefault(ReplyState.FAILED, 0L), last.map(OutboxRow::turnId).orElse(0L), last.map(OutboxRow::lastError).orElse(null));
        quiet = !dueLeft && slots.availablePermits() == CONCURRENCY;
    }

    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) return;
        nextPrune = now.plus(Duration.ofHours(1));
        int n = store.pruneDelivered(now.minus(KEEP_DELIVERED));
        if (n > 0) log.debug("{}: pruned {} delivered reply(ies) older than {} days", channel, n, KEEP_DELIVERED.toDays());
    }

    /** Sends the claimed reply {@code r}: the parts not recorded yet, in order. Runs on its own sender thread. */
    private void send(OutboxRow r) {
        Reply reply = new Reply(r.turnId(), r.channel(), r.externalId(), r.sessionKey(), r.text(), r.error());
        try {
            List<OutboxPart> parts = store.parts(r.turnId());
            if (parts.isEmpty()) {
                Optional<List<OutboxPart>> split = store.split(r.turnId(), owner, transport.split(reply));
                if (split.isEmpty()) {
                    log.warn("{}: reply to turn {} was claimed by someone else; leaving it", channel, r.turnId());
                    return;
                }
                parts = split.get();
            }
            for (OutboxPart p : parts) {
                if (p.sent()) continue;
                if (stopSending) {
                    store.release(r.turnId(), owner, clock.instant());
                    log.info("{}: stopping; reply to turn {} resumes at part {} of {} after the restart", channel, r.turnId(), p.part(), parts.size());
                    return;
                }
                String id = transport.send(reply, p.part(), parts.size(), p.text());
                if (!store.recordPart(r.turnId(), p.part(), id, owner, clock.instant(), LEASE)) {
                    log.warn("{}: reply to turn {} lost its claim after part {}; leaving it", channel, r.turnId(), p.part());
                    return;
                }
            }
            if (store.delivered(r.turnId(), owner, clock.instant())) {
                events.get().reply(channel, ReplyState.DELIVERED.sql());
                log.debug("{}: turn {} answered in {} part(s)", channel, r.turnId(), parts.size());
            }
        } catch (InterruptedException e) {
            release(r);
        } catch (DeliveryException e) {
            if (stopSending && Thread.currentThread().isInterrupted()) {
                release(r);
            } else {
                failed(r, e.getMessage(), e.permanent(), e.retryAfter());
            }
        } catch (RuntimeException e) {
            log.error("{}: reply to turn {} hit an unexpected error", channel, r.turnId(), e);
            failed(r, "unexpected error: " + e.getMessage(), false, null);
        } finally {
            senders.remove(Thread.currentThread());
            busySessions.remove(r.sessionKey());
            slots.release();
            wake();
        }
    }

    private void release(OutboxRow r) {
        try {
            store.release(r.turnId(), owner, clock.instant());
        } catch (RuntimeException e) {
            log.debug("{}: reply to turn {} left sending (re-queued at the next start): {}", channel, r.turnId(), e.toString());
        }
        log.info("{}: stopped while sending the reply to turn {}; it resumes at its first unrecorded part after the restart", channel, r.turnId());
    }

    private void failed(OutboxRow r, String why, boolean permanent, Duration retryAfter) {
        Instant now = clock.instant();
        int attempt = r.attempts() + 1;
        if (permanent || !now.isBefore(r.createdAt().plus(policy.giveUpAfter()))) {
            String reason = permanent ? why : "gave up after " + attempt + " attempts over " + policy.giveUpAfter().toHours() + " h; last error: " + why;
            if (store.fail(r.turnId(), owner, now, reason)) {
                events.get().reply(channel, ReplyState.FAILED.sql());
                log.warn("{}: reply to turn {} failed for good: {}", channel, r.turnId(), reason);
            }
            return;
        }
        Duration wait = policy.backoff(attempt, retryAfter);
        if (store.retry(r.turnId(), owner, now.plus(wait), why)) {
            events.get().reply(channel, "retry");
            log.warn("{}: reply to turn {} not sent (attempt {}): {}; retrying in {} ms", channel, r.turnId(), attempt, why, wait.toMillis());
        }
    }

    /**
     * Delivers what is due until nothing is due and nothing is in flight, or until {@code deadlineNanos}
     * ({@link System#nanoTime()} scale); then stops claiming. A part in flight at the deadline is finished
     * (up to {@link #STOP_WAIT} more) and its reply released, to resume at its next part after the restart.
     */
    void drain(long deadlineNanos) throws InterruptedException {
        long seen = passes.get();
        while (running && Ticker.SYSTEM.nanoTime() < deadlineNanos) {
            if (passes.get() >= seen + 2 && quiet) break;  // a whole pass that began after the drain found nothing to do
            wake();
            Thread.sleep(20);
        }
        close();
    }

    /** Stops claiming, lets parts in flight end for up to {@link #STOP_WAIT}, then interrupts them. Safe to call twice. */
    void close() {
        stopSending = true;
        running = false;
        Thread l = loop;
        if (l != null) l.interrupt();
        long stopBy = Ticker.SYSTEM.nanoTime() + STOP_WAIT.toNanos();
        try {
            for (Thread t : List.copyOf(senders.keySet())) {
                long left = stopBy - Ticker.SYSTEM.nanoTime();
                if (left > 0) t.join(Duration.ofNanos(left));
            }
            for (Thread t : List.copyOf(senders.keySet())) {
                log.warn("{}: a send of turn {} did not end {} s after the stop; interrupting it", channel, senders.get(t), STOP_WAIT.toSeconds());
                t.interrupt();
                t.join(Duration.ofSeconds(1));
            }
            if (l != null) l.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
