package io.blufio.agent;

import io.blufio.BlufioException;
import io.blufio.llm.Provider;
import io.blufio.store.Database;
import io.blufio.store.InboxItem;
import io.blufio.store.InboxStore;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's front door for channels. {@link #submit} commits a message to the inbox and returns;
 * a dispatcher thread leases pending rows in order and hands each to the actor of its session (at most
 * {@code agent.max_sessions} actors live at once; when all are busy, rows wait in the inbox).
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** Pending rows read per dispatch pass. */
    static final int DISPATCH_BATCH = 64;
    /** Longest pause between dispatch passes when nothing signals new work. */
    static final Duration DISPATCH_POLL = Duration.ofSeconds(1);

    private final InboxStore inbox;
    private final TurnRunner runner;
    private final int maxSessions;
    private final Duration idleRetire;
    private final Clock clock;
    private final Map<String, SessionActor> actors = new ConcurrentHashMap<>();
    private final Map<Long, TurnObserver> observers = new ConcurrentHashMap<>();
    private final Map<String, ReplySink> sinks = new ConcurrentHashMap<>();
    private final Redelivery redelivery;
    private final Semaphore wake = new Semaphore(0);
    private final Object dispatchLock = new Object();
    private volatile boolean accepting = true;
    private volatile boolean refuseNewSessions;
    private volatile boolean running;
    private volatile Instant lastDispatchAt;
    private Thread dispatcher;

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
        this.inbox = new InboxStore(db);
        this.runner = new TurnRunner(db, provider, tools, systemPrompt, context, maxToolIterations, clock);
        this.maxSessions = maxSessions;
        this.idleRetire = idleRetire;
        this.clock = clock;
        this.lastDispatchAt = clock.instant();
        this.redelivery = new Redelivery(inbox, sinks, clock);
    }

    /** Sets where turn, message and LLM events go (metrics). Call before {@link #start()}. */
    public void events(AgentEvents events) {
        runner.events(events);
    }

    /** Sets the model routing of every turn ({@code [routing]}); call before {@link #start()}. */
    public void routing(ModelRouter router) {
        runner.router(router);
    }

    /**
     * Makes {@code sink} deliver the replies of {@code channel}'s turns, including replies left
     * undelivered by an earlier run. Register before {@link #start()}.
     */
    public void onReplies(String channel, ReplySink sink) {
        sinks.put(channel, sink);
    }

    /** Re-queues rows a dead process had leased and starts the dispatcher. */
    public synchronized void start() {
        if (running) return;
        int requeued = inbox.requeueLeased();
        if (requeued > 0) log.info("inbox: {} turn(s) interrupted by the last stop will run again", requeued);
        running = true;
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
        if (!accepting) throw new AgentException("shutting_down", "blufio is shutting down; send the message again after the restart");
        if (refuseNewSessions && !actors.containsKey(msg.sessionKey())) {
            throw new AgentException("memory_pressure", "blufio is short of memory and takes no new conversations for now; try again in a minute");
        }
        Optional<Long> id;
        synchronized (dispatchLock) {
            id = inbox.accept(msg.channel(), msg.externalId(), msg.sessionKey(), msg.sender(), msg.content(), clock.instant());
            id.ifPresent(i -> observers.put(i, observer));
        }
        wake.release();
        return id;
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
            if (a.idleFor(SHED_IDLE)) {
                a.retire();
                n++;
            }
        }
        return n;
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

    /** Returns when the dispatcher last completed a pass (for liveness and the systemd watchdog). */
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
                dispatchOnce();
                redelivery.retryDue();
                lastDispatchAt = clock.instant();
                wake.tryAcquire(DISPATCH_POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("inbox dispatcher: {}; retrying in {} ms", e.getMessage(), DISPATCH_POLL.toMillis(), e);
                try {
                    Thread.sleep(DISPATCH_POLL.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    void dispatchOnce() {
        List<InboxItem> pending;
        synchronized (dispatchLock) {
            pending = inbox.pending(DISPATCH_BATCH);
        }
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
                    item.content(), "leased", item.attempts() + 1, item.receivedAt(), item.result());
            if (!actor.offer(leased)) {
                inbox.release(item.id());
                blocked.add(item.sessionKey());
            }
        }
    }

    /** Returns the live actor of a session, creating one if a slot is free (evicting an idle one if needed). */
    private SessionActor actorFor(String key) {
        SessionActor a = actors.get(key);
        if (a != null) return a;
        if (actors.size() >= maxSessions) {
            actors.values().stream().filter(SessionActor::idle).findFirst().ifPresent(SessionActor::retire);
            if (actors.size() >= maxSessions) return null;
        }
        SessionActor fresh = new SessionActor(key, this::runTurn, gone -> actors.remove(gone.sessionKey(), gone), idleRetire);
        actors.put(key, fresh);
        fresh.start();
        return fresh;
    }

    private void runTurn(InboxItem item) throws InterruptedException {
        TurnObserver observer = new SafeObserver(observers.getOrDefault(item.id(), TurnObserver.NONE));
        try {
            runner.run(item, observer);
        } catch (RuntimeException e) {
            log.error("turn {} failed unexpectedly", item.id(), e);
            AgentException err = new AgentException("internal", "the turn failed unexpectedly: " + e.getMessage(), e);
            runner.fail(item, err);
            observer.onError(err);
        } finally {
            observers.remove(item.id());
        }
        if (sinks.containsKey(item.channel())) redelivery.deliverNow(item.id());
    }

    /**
     * Stops accepting messages, lets running turns finish for up to {@code grace}, then interrupts what
     * still runs. Rows not finished stay in the inbox and run after the next start.
     */
    public void shutdown(Duration grace) {
        accepting = false;
        running = false;
        if (dispatcher != null) dispatcher.interrupt();
        long deadline = System.nanoTime() + grace.toNanos();
        for (SessionActor a : List.copyOf(actors.values())) a.retire();
        try {
            for (SessionActor a : List.copyOf(actors.values())) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!a.join(Duration.ofNanos(left))) {
                    log.warn("session {}: turn still running after the {} s shutdown grace; it will run again after restart",
                            a.sessionKey(), grace.toSeconds());
                    a.interrupt();
                    a.join(Duration.ofSeconds(2));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
