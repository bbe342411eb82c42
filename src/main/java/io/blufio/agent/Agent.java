package io.blufio.agent;

import io.blufio.store.InboxState;
import io.blufio.ErrorCode;
import io.blufio.Ticker;
import io.blufio.BlufioException;
import io.blufio.llm.Provider;
import io.blufio.store.Database;
import io.blufio.store.InboxItem;
import io.blufio.store.InboxStore;
import io.blufio.store.OutboxStore;
import io.blufio.tools.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's front door for channels. {@link #submit} commits a message to the inbox and returns;
 * a dispatcher thread leases pending rows in order and hands each to the actor of its session (at most
 * {@code agent.max_sessions} actors live at once; when all are busy, rows wait in the inbox). A turn's
 * result goes to its {@link TurnObserver} (the waiting HTTP client) and, for a channel registered with
 * {@link #deliverReplies}, into the outbox with the turn's commit, from where that channel's own delivery
 * worker sends it. Neither the dispatcher nor a session actor ever does channel network I/O.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** Pending rows read per dispatch pass. */
    static final int DISPATCH_BATCH = 64;
    /** Longest pause between dispatch passes when nothing signals new work. */
    static final Duration DISPATCH_POLL = Duration.ofSeconds(1);

    private final Database db;
    private final InboxStore inbox;
    private final TurnRunner runner;
    /** Leased rows whose turn could not be stored because the disk was full; released when space returns. */
    private final java.util.Set<Long> parked = ConcurrentHashMap.newKeySet();
    private final int maxSessions;
    private final Duration idleRetire;
    private final Duration dispatchPoll;
    private final Clock clock;
    private final Map<String, SessionActor> actors = new ConcurrentHashMap<>();
    private final Map<Long, TurnObserver> observers = new ConcurrentHashMap<>();
    private final Map<String, DeliveryWorker> deliveries = new ConcurrentHashMap<>();
    private final OutboxStore outbox;
    private final io.blufio.store.MediaStore media;
    private volatile AgentEvents events = AgentEvents.NONE;
    private volatile IntConsumer beforeDispatch = n -> {};
    private final Semaphore wake = new Semaphore(0);
    private final Object dispatchLock = new Object();
    private volatile int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private volatile boolean accepting = true;
    private volatile boolean refuseNewSessions;
    private volatile boolean running;
    private volatile Instant lastDispatchAt;
    private Thread dispatcher;
    /** Monotonic time of session activity and the shutdown grace; a manual one in tests ({@link #ticker(Ticker)}). */
    private Ticker ticker = Ticker.SYSTEM;

    /**
     * @param systemPrompt the stable prefix of every request
     * @param historyTurns earlier turns sent with each message ({@code agent.history_turns})
     * @param maxToolIterations model calls per turn at most ({@code agent.max_tool_iterations})
     * @param maxSessions session actors in memory at most ({@code agent.max_sessions})
     */
    public Agent(Database db, Provider provider, ToolRegistry tools, String systemPrompt, int historyTurns,
            int maxToolIterations, int maxSessions, Clock clock) {
        this(db, provider, tools, systemPrompt, new ContextEngine(db, provider, historyTurns, ContextEngine.DEFAULT_BUDGET_TOKENS, null, clock),
                maxToolIterations, maxSessions, clock, SessionActor.IDLE_RETIRE);
    }

    /**
     * @param context builds each turn's conversation: summary, history, relevant memories ({@link ContextEngine})
     * @param maxToolIterations model calls per turn at most ({@code agent.max_tool_iterations})
     * @param maxSessions session actors in memory at most ({@code agent.max_sessions})
     */
    public Agent(Database db, Provider provider, ToolRegistry tools, String systemPrompt, ContextEngine context,
            int maxToolIterations, int maxSessions, Clock clock) {
        this(db, provider, tools, systemPrompt, context, maxToolIterations, maxSessions, clock, SessionActor.IDLE_RETIRE);
    }

    Agent(Database db, Provider provider, ToolRegistry tools, String systemPrompt, ContextEngine context,
            int maxToolIterations, int maxSessions, Clock clock, Duration idleRetire) {
        this(db, provider, tools, systemPrompt, context, maxToolIterations, maxSessions, clock, idleRetire, DISPATCH_POLL);
    }

    /** For tests: {@code dispatchPoll} is the longest pause between dispatch passes when nothing signals work. */
    Agent(Database db, Provider provider, ToolRegistry tools, String systemPrompt, ContextEngine context,
            int maxToolIterations, int maxSessions, Clock clock, Duration idleRetire, Duration dispatchPoll) {
        this.dispatchPoll = dispatchPoll;
        this.db = db;
        this.inbox = new InboxStore(db);
        this.outbox = new OutboxStore(db);
        this.media = new io.blufio.store.MediaStore(db);
        this.runner = new TurnRunner(db, provider, tools, systemPrompt, context, maxToolIterations, clock, deliveries);
        this.maxSessions = maxSessions;
        this.idleRetire = idleRetire;
        this.clock = clock;
        this.lastDispatchAt = clock.instant();
    }

    /** For tests: the monotonic time of session actors; call before {@link #start()}. */
    void ticker(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Default of {@code inbox.max_attempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /**
     * Sets {@code inbox.max_attempts}: how many started-but-unfinished turns (crash, kill, stop mid-turn)
     * a message gets before it is dead-lettered instead of run again. Call before {@link #start()}.
     *
     * @throws IllegalArgumentException when below 1
     */
    public void maxAttempts(int attempts) {
        if (attempts < 1) throw new IllegalArgumentException("inbox.max_attempts must be at least 1, got " + attempts);
        this.maxAttempts = attempts;
    }

    /** Sets where turn, message and LLM events go (metrics). Call before {@link #start()}. */
    public void events(AgentEvents events) {
        this.events = events;
        runner.events(events);
    }

    /**
     * Sets the speech-to-text client voice notes are transcribed with before their turn ({@code [transcription]});
     * without one a voice note's turn answers that transcription is not configured. Call before {@link #start()}.
     */
    public void transcriber(io.blufio.llm.Transcriber transcriber) {
        runner.transcriber(transcriber);
    }

    /** Sets the model routing of every turn ({@code [routing]}); call before {@link #start()}. */
    public void routing(ModelRouter router) {
        runner.router(router);
    }

    /**
     * Puts the replies of {@code channel}'s turns into the outbox and has a delivery worker of that channel
     * send them through {@code transport} (retried per {@link DeliveryPolicy#DEFAULT}), including replies left
     * undelivered by an earlier run. Register before {@link #start()}.
     */
    public void deliverReplies(String channel, ReplyTransport transport) {
        deliverReplies(channel, transport, DeliveryPolicy.DEFAULT);
    }

    /** Same as {@link #deliverReplies(String, ReplyTransport)} with its own retry policy (tests shorten it). */
    public void deliverReplies(String channel, ReplyTransport transport, DeliveryPolicy policy) {
        deliveries.put(channel, new DeliveryWorker(channel, outbox, transport, policy, clock, () -> events));
    }

    /** Returns each outbox channel's reply counts as its worker last saw them (no I/O). */
    public Map<String, DeliveryStatus> deliveries() {
        Map<String, DeliveryStatus> out = new java.util.TreeMap<>();
        deliveries.forEach((ch, w) -> out.put(ch, w.status()));
        return out;
    }

    /**
     * <b>Test hook</b> (the tests' {@code app.WedgeHook}): {@code hook} runs on the dispatcher thread at every pass with
     * the number of pending rows it found, before any is leased. Production code never sets it.
     */
    public void beforeDispatch(IntConsumer hook) {
        this.beforeDispatch = hook;
    }

    /** Re-queues rows a dead process had leased and starts the dispatcher. */
    public synchronized void start() {
        if (running) return;
        int requeued = inbox.requeueLeased();
        if (requeued > 0) log.info("inbox: {} turn(s) interrupted by the last stop will run again", requeued);
        running = true;
        deliveries.values().forEach(DeliveryWorker::start);
        dispatcher = Thread.ofVirtual().name("inbox-dispatcher").start(this::dispatchLoop);
    }

    /**
     * Commits {@code msg} to the inbox; when this returns, the message is durable.
     *
     * @param observer watches the turn (text deltas, tools, result), or {@link TurnObserver#NONE}
     * @return the inbox row id (the turn id), or empty when the message was a duplicate and is dropped
     * @throws AgentException {@code shutting_down} once {@link #close()} began
     */
    public Optional<Long> submit(Inbound msg, TurnObserver observer) {
        if (!accepting) throw new AgentException(ErrorCode.SHUTTING_DOWN, "blufio is shutting down; send the message again after the restart");
        if (refuseNewSessions && !actors.containsKey(msg.sessionKey())) {
            throw new AgentException(ErrorCode.MEMORY_PRESSURE, "blufio is short of memory and takes no new conversations for now; try again in a minute");
        }
        Optional<Long> id;
        synchronized (dispatchLock) {
            Instant now = clock.instant();
            id = msg.media().isEmpty()
                    ? inbox.accept(msg.channel(), msg.externalId(), msg.sessionKey(), msg.sender(), msg.content(), now)
                    : db.write(c -> {  // the row and its media in one commit: an accepted message never lacks its pictures
                        Optional<Long> row = inbox.accept(c, msg.channel(), msg.externalId(), msg.sessionKey(), msg.sender(), msg.content(), now);
                        if (row.isPresent()) {
                            for (int i = 0; i < msg.media().size(); i++) {
                                Attachment a = msg.media().get(i);
                                media.attach(c, row.get(), i, io.blufio.store.Media.of(a.kind(), a.mime(), a.width(), a.height(), a.data()), now);
                            }
                        }
                        return row;
                    });
            id.ifPresent(i -> observers.put(i, observer));
        }
        wake.release();
        return id;
    }

    /**
     * Commits several messages to the inbox in one transaction (one fsync for a burst, e.g. schedules due at
     * once); nobody watches their turns. Each element is the row id, or empty for a duplicate.
     *
     * @throws AgentException {@code shutting_down}; {@code memory_pressure} when new sessions are refused and
     *     one of the messages is for a session without a live actor (then none is committed)
     */
    public List<Optional<Long>> submitAll(List<Inbound> msgs) {
        if (!accepting) throw new AgentException(ErrorCode.SHUTTING_DOWN, "blufio is shutting down; send the message again after the restart");
        if (refuseNewSessions && msgs.stream().anyMatch(m -> !actors.containsKey(m.sessionKey()))) {
            throw new AgentException(ErrorCode.MEMORY_PRESSURE, "blufio is short of memory and takes no new conversations for now; try again in a minute");
        }
        List<Optional<Long>> ids;
        synchronized (dispatchLock) {
            Instant now = clock.instant();
            ids = db.write(c -> {
                List<Optional<Long>> out = new java.util.ArrayList<>();
                for (Inbound m : msgs) out.add(inbox.accept(c, m.channel(), m.externalId(), m.sessionKey(), m.sender(), m.content(), now));
                return out;
            });
        }
        wake.release();
        return ids;
    }

    /** Stops watching turn {@code turnId} (the caller went away); the turn itself goes on. */
    public void forget(long turnId) {
        observers.remove(turnId);
    }

    /**
     * Under memory pressure: while true, messages for sessions without a live actor are refused with
     * {@code memory_pressure}; sessions with one continue.
     */
    public void refuseNewSessions(boolean refuse) {
        this.refuseNewSessions = refuse;
    }

    /** Returns true while new sessions are refused. */
    public boolean refusingNewSessions() {
        return refuseNewSessions;
    }

    /** Actors idle at least this long are retired when memory is shed; busier ones are conversations in progress. */
    static final Duration SHED_IDLE = Duration.ofSeconds(60);

    /**
     * Retires the session actors idle for at least {@link #SHED_IDLE} (sheds memory; they are rebuilt
     * from the database on the next message). Returns how many.
     */
    public int retireIdle() {
        int n = 0;
        for (SessionActor a : List.copyOf(actors.values())) {
            if (a.idleFor(SHED_IDLE) && a.tryRetire()) {
                actors.remove(a.sessionKey(), a);
                n++;
            }
        }
        return n;
    }

    /** Returns the session keys of the actors in memory (a copy; for tests and diagnostics). */
    java.util.Set<String> sessionKeys() {
        return java.util.Set.copyOf(actors.keySet());
    }

    /** Returns true when no actor in memory runs or queues a turn (for tests). */
    boolean allSessionsIdle() {
        return actors.values().stream().allMatch(SessionActor::idle);
    }

    /** Returns how many session actors are in memory. */
    public int activeSessions() {
        return actors.size();
    }

    /** Returns {@code agent.max_sessions}. */
    public int maxSessions() {
        return maxSessions;
    }

    /** Returns rows waiting for or in a turn. */
    public long inboxDepth() {
        return inbox.depth();
    }

    /**
     * Returns when the dispatcher last completed a pass (for liveness and the systemd watchdog). A pass only
     * reads the inbox and hands rows to actors, so this is the dispatcher's own progress, whatever a channel does.
     */
    public Instant lastDispatchAt() {
        return lastDispatchAt;
    }

    /** Returns true while new messages are accepted. */
    public boolean accepting() {
        return accepting;
    }

    private void dispatchLoop() {
        while (running) {
            try {
                releaseParked();
                dispatchOnce();
                lastDispatchAt = clock.instant();
                wake.tryAcquire(dispatchPoll.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (isDiskFull(e)) {
                    log.debug("inbox dispatcher: disk full, retrying in {} ms", DISPATCH_POLL.toMillis());  // the store logged it once
                } else {
                    log.error("inbox dispatcher: {}; retrying in {} ms", e.getMessage(), DISPATCH_POLL.toMillis(), e);
                }
                try {
                    Thread.sleep(DISPATCH_POLL.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static boolean isDiskFull(Throwable e) {
        return e instanceof BlufioException be && ErrorCode.DISK_FULL.is(be);
    }

    /** Once the disk has room again, puts the turns parked by a full disk back in the queue (they run again). */
    private void releaseParked() {
        if (parked.isEmpty() || db.diskFull().isPresent()) return;
        for (Long id : List.copyOf(parked)) {
            inbox.release(id);  // a write: throws disk_full again if the room is gone
            parked.remove(id);
            log.info("inbox: turn {} parked by the full disk runs again", id);
        }
        wake.release();
    }

    void dispatchOnce() {
        List<InboxItem> pending;
        synchronized (dispatchLock) {
            pending = inbox.pending(DISPATCH_BATCH);
        }
        beforeDispatch.accept(pending.size());
        java.util.Set<String> blocked = new java.util.HashSet<>();
        for (InboxItem item : pending) {
            if (!running) return;
            if (blocked.contains(item.sessionKey())) continue;  // keep per-session order
            SessionActor actor = actorFor(item.sessionKey());
            if (actor == null || !inbox.lease(item.id())) {
                blocked.add(item.sessionKey());
                continue;
            }
            InboxItem leased = new InboxItem(item.id(), item.channel(), item.externalId(), item.sessionKey(), item.sender(),
                    item.content(), InboxState.LEASED.sql(), item.attempts(), item.receivedAt(), item.result());
            if (!actor.offer(leased)) {
                inbox.release(item.id());
                blocked.add(item.sessionKey());
            }
        }
    }

    /**
     * Returns the live actor of a session, creating one if a slot is free. At {@code agent.max_sessions}
     * the least recently active idle actor is evicted ({@link SessionActor#tryRetire()}: never one with a
     * turn running or queued) and its slot is reused at once; when none is idle, returns null and the
     * row waits until a turn ends (which wakes the dispatcher).
     */
    private SessionActor actorFor(String key) {
        SessionActor a = actors.get(key);
        if (a != null) return a;
        if (actors.size() >= maxSessions) {
            List<SessionActor> idle = actors.values().stream().filter(SessionActor::idle)
                    .sorted(java.util.Comparator.comparingLong(SessionActor::lastActiveNanos)).toList();
            for (SessionActor victim : idle) {
                if (victim.tryRetire()) {
                    actors.remove(victim.sessionKey(), victim);  // the slot is free now, not when its thread ends
                    break;
                }
            }
            if (actors.size() >= maxSessions) return null;
        }
        SessionActor fresh = new SessionActor(key, this::runTurn, gone -> {
            actors.remove(gone.sessionKey(), gone);
            wake.release();  // a slot is free: rows of new sessions may be waiting for it
        }, wake::release, idleRetire, ticker);
        actors.put(key, fresh);
        fresh.start();
        return fresh;
    }

    private void runTurn(InboxItem item) throws InterruptedException {
        TurnObserver observer = new SafeObserver(observers.getOrDefault(item.id(), TurnObserver.NONE));
        try {
            if (item.attempts() >= maxAttempts) {
                deadLetter(item, observer);
            } else {
                inbox.beginAttempt(item.id());  // committed before the work: a crash inside it counts
                runner.run(item, observer);
            }
        } catch (RuntimeException e) {
            if (isDiskFull(e)) {
                park(item, (BlufioException) e, observer);
                observers.remove(item.id());
                return;
            }
            log.error("turn {} failed unexpectedly", item.id(), e);
            AgentException err = new AgentException(ErrorCode.INTERNAL, "the turn failed unexpectedly: " + e.getMessage(), e);
            try {
                runner.fail(item, err);
            } catch (RuntimeException store) {
                if (!isDiskFull(store)) throw store;
                park(item, (BlufioException) store, observer);
                return;
            }
            observer.onError(err);
        } finally {
            observers.remove(item.id());
        }
    }

    /**
     * Keeps a turn whose result could not be stored for lack of disk space: its row stays leased (nothing is
     * lost) and goes back to the queue once a write fits again; the caller is told with {@code disk_full}.
     */
    private void park(InboxItem item, BlufioException full, TurnObserver observer) {
        parked.add(item.id());
        log.debug("inbox: turn {} parked: {}", item.id(), full.getMessage());
        observer.onError(new AgentException(ErrorCode.DISK_FULL, "message accepted (turn " + item.id() + ") but its answer cannot be stored: "
                + full.getMessage() + "; the turn runs again by itself then (see GET /v1/sessions for its answer)", full));
    }

    /**
     * Sets aside a row whose turn was started {@code inbox.max_attempts} times without finishing (each
     * time the process crashed, was killed or stopped mid-turn): it is marked {@code failed} with code
     * {@code dead_letter}, never run again, and the sender gets that error as the reply.
     */
    private void deadLetter(InboxItem item, TurnObserver observer) {
        AgentException err = new AgentException(ErrorCode.DEAD_LETTER, "this message was set aside: " + item.attempts()
                + " attempts to answer it did not finish (the daemon crashed or stopped during each); it will not be"
                + " tried again. Send it again, shorter or split, if you still need an answer");
        log.error("inbox: turn {} of session {} dead-lettered after {} unfinished attempts (inbox.max_attempts = {}); it will not run again",
                item.id(), item.sessionKey(), item.attempts(), maxAttempts);
        runner.fail(item, err);
        observer.onError(err);
    }

    /**
     * Stops accepting messages, lets running turns finish for up to {@code grace}, then interrupts what
     * still runs; in what is left of {@code grace} the delivery workers send the replies that are due (a
     * reply part in flight is finished). Rows not finished stay in the inbox and run after the next start;
     * replies not sent stay in the outbox and resume at their next unsent part.
     */
    public void shutdown(Duration grace) {
        accepting = false;
        running = false;
        if (dispatcher != null) dispatcher.interrupt();
        long deadline = ticker.nanoTime() + grace.toNanos();
        for (SessionActor a : List.copyOf(actors.values())) a.retire();
        try {
            for (SessionActor a : List.copyOf(actors.values())) {
                long left = Math.max(0, deadline - ticker.nanoTime());
                if (!a.join(Duration.ofNanos(left))) {
                    log.warn("session {}: turn still running after the {} s shutdown grace; it will run again after restart",
                            a.sessionKey(), grace.toSeconds());
                    a.interrupt();
                    a.join(Duration.ofSeconds(2));
                }
            }
            for (DeliveryWorker w : deliveries.values()) w.drain(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveries.values().forEach(DeliveryWorker::close);
        }
        int requeued = inbox.requeueLeased();
        if (requeued > 0) log.info("inbox: {} accepted message(s) kept for the next start", requeued);
    }

    /** Same as {@link #shutdown(Duration)} with no grace. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /** Shields the turn from an observer that throws (a client that went away, say). */
    private record SafeObserver(TurnObserver inner) implements TurnObserver {
        @Override
        public void onText(String delta) {
            try {
                inner.onText(delta);
            } catch (RuntimeException e) {
                log.debug("observer dropped text: {}", e.toString());
            }
        }

        @Override
        public void onTool(String name, String status) {
            try {
                inner.onTool(name, status);
            } catch (RuntimeException e) {
                log.debug("observer dropped tool event: {}", e.toString());
            }
        }

        @Override
        public void onDone(TurnResult result) {
            try {
                inner.onDone(result);
            } catch (RuntimeException e) {
                log.debug("observer dropped result: {}", e.toString());
            }
        }

        @Override
        public void onError(BlufioException error) {
            try {
                inner.onError(error);
            } catch (RuntimeException e) {
                log.debug("observer dropped error: {}", e.toString());
            }
        }
    }
}
