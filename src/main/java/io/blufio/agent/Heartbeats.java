package io.blufio.agent;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.config.HeartbeatConfig;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.Provider;
import io.blufio.llm.ToolSpec;
import io.blufio.store.Database;
import io.blufio.store.HeartbeatStore;
import io.blufio.store.MessageStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats (opt-in, {@code [heartbeat]}): every {@code heartbeat.interval_s} each session the user wrote
 * in within {@code heartbeat.max_idle_days} gets a check. The model sees the recent conversation and answers
 * {@link #SENTINEL} when there is nothing worth saying, or a short message, which is queued in the inbox and
 * delivered on the session's channel like a reply (its turn makes no second model call).
 *
 * <p>A check makes no model call when nothing changed since the last one: the SHA-256 of the user's local
 * date ({@code agent.timezone}) and the newest message of the user's own turns (not schedule or heartbeat
 * turns) equals the stored one. Nor when the month's heartbeat spend (ledger rows of feature
 * {@code heartbeat}, UTC calendar month) has reached {@code heartbeat.monthly_budget_usd}. Calls are billed
 * with feature {@code heartbeat}; the global caps of {@code [cost]} apply too.
 */
public final class Heartbeats implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    /** The model's answer when it has nothing to say. */
    public static final String SENTINEL = "HEARTBEAT_OK";
    /** The user-side text stored in the history before a heartbeat's message. */
    public static final String CHECK_IN = "(automatic heartbeat check-in)";
    /** Earlier turns of the session the check sends at most. */
    static final int HISTORY_TURNS = 10;
    /** Sessions checked per pass at most. */
    static final int MAX_SESSIONS = 500;

    private final HeartbeatStore store;
    private final MessageStore messages;
    private final Provider provider;
    private final String systemPrompt;
    private final List<ToolSpec> tools;
    private final HeartbeatConfig cfg;
    private final ZoneId zone;
    private final Clock clock;
    private final Scheduler.Enqueue enqueue;
    private final Scheduler.Waiter waiter;
    private final Semaphore wake = new Semaphore(0);
    private volatile AgentEvents events = AgentEvents.NONE;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param provider answers the checks (the {@code heartbeat.model}); ledgered, so its calls are billed
     * @param tools the tool specs of normal turns, sent so that tool calls in the history stay valid (the
     *     check itself runs no tool)
     * @param enqueue where messages to the user go ({@link Agent#submit} in the daemon)
     */
    public Heartbeats(Database db, Provider provider, String systemPrompt, List<ToolSpec> tools, HeartbeatConfig cfg, ZoneId zone,
            Clock clock, Scheduler.Enqueue enqueue, Scheduler.Waiter waiter) {
        this.store = new HeartbeatStore(db);
        this.messages = new MessageStore(db);
        this.provider = provider;
        this.systemPrompt = systemPrompt;
        this.tools = List.copyOf(tools);
        this.cfg = cfg;
        this.zone = zone;
        this.clock = clock;
        this.enqueue = enqueue;
        this.waiter = waiter;
    }

    /** Sets where check outcomes go (metrics). */
    public void events(AgentEvents events) {
        this.events = events;
    }

    /** Starts the thread: the first pass one interval after start, then one every interval. */
    public synchronized void start() {
        if (running) return;
        running = true;
        thread = Thread.ofVirtual().name("heartbeat").start(() -> {
            while (running) {
                try {
                    waiter.await(cfg.interval(), wake);
                    if (running) runOnce();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("heartbeat pass failed: {}", e.getMessage(), e);
                }
            }
        });
    }

    /** The outcome of one session's check. */
    public record Check(long sessionId, String outcome, String message) {}

    /** Checks every eligible session once, now; returns what each check did. */
    public List<Check> runOnce() {
        Instant now = clock.instant();
        List<Check> out = new ArrayList<>();
        for (HeartbeatStore.Active a : store.activeSince(now.minus(Duration.ofDays(cfg.maxIdleDays())), MAX_SESSIONS)) {
            Check c = check(a, now);
            events.heartbeat(c.outcome());
            out.add(c);
        }
        return out;
    }

    private Check check(HeartbeatStore.Active a, Instant now) {
        String hash = hash(LocalDate.ofInstant(now, zone), a);
        if (store.state(a.sessionId()).map(s -> s.lastHash().equals(hash)).orElse(false)) {
            log.debug("heartbeat: session {} unchanged since the last check; no model call", a.sessionKey());
            return new Check(a.sessionId(), "unchanged", null);
        }
        BigDecimal cap = BigDecimal.valueOf(cfg.monthlyBudgetUsd());
        LocalDate month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        BigDecimal spent = store.spent(month.atStartOfDay(ZoneOffset.UTC).toInstant(), month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (spent.compareTo(cap) >= 0) {
            log.info("heartbeat: the monthly budget of ${} (heartbeat.monthly_budget_usd) is used up (${} spent); session {} not checked",
                    cap.toPlainString(), spent.toPlainString(), a.sessionKey());
            return new Check(a.sessionId(), "budget", null);
        }
        String answer;
        try {
            ChatMessage ask = ChatMessage.user(instruction(now));
            List<ChatMessage> convo = ContextBuilder.build(messages.recentTurns(a.sessionId(), HISTORY_TURNS), ask).messages();
            CallScope scope = new CallScope(a.sessionId(), null, HeartbeatStore.FEATURE);
            ChatResult r = scope.run(() -> provider.chat(new ChatRequest(systemPrompt, convo, tools), d -> {}));
            answer = r.message().text().strip();
        } catch (BlufioException e) {
            log.warn("heartbeat: check of session {} failed: {} ({})", a.sessionKey(), e.getMessage(), e.code());
            return new Check(a.sessionId(), ErrorCode.BUDGET_EXHAUSTED.is(e) ? "budget" : "error", null);
        }
        if (quiet(answer)) {
            store.record(a.sessionId(), hash, now, "quiet");
            return new Check(a.sessionId(), "quiet", null);
        }
        String ext = "heartbeat:" + a.sessionId() + ":" + now.toEpochMilli();
        try {
            enqueue.submit(new Inbound(a.channel(), ext, a.sessionKey(), HeartbeatStore.SENDER, answer));
        } catch (AgentException e) {
            log.warn("heartbeat: message for session {} not queued: {} ({})", a.sessionKey(), e.getMessage(), e.code());
            return new Check(a.sessionId(), "error", answer);
        }
        store.record(a.sessionId(), hash, now, "message");
        log.info("heartbeat: session {} gets a message", a.sessionKey());
        return new Check(a.sessionId(), "message", answer);
    }

    /** Returns true when the answer says "nothing to say": empty, or {@link #SENTINEL} at its start or end. */
    static boolean quiet(String answer) {
        String a = answer.strip();
        return a.isEmpty() || a.startsWith(SENTINEL) || a.endsWith(SENTINEL);
    }

    private String instruction(Instant now) {
        return "[Heartbeat check at " + ScheduleSpec.show(now, zone) + ". This is an automatic periodic check, not a message from the user.] "
                + "Look at the conversation so far. If there is something the user would want to hear from you now (a follow-up you "
                + "promised, something due today, a pending question), write that message to them, at most three short sentences. "
                + "Otherwise answer exactly " + SENTINEL + " and nothing else.";
    }

    /** Returns the SHA-256 (hex) of the local date and the newest message of the user's own turns. */
    static String hash(LocalDate date, HeartbeatStore.Active a) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((date + "\n" + a.lastMessageId() + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(a.lastContent().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Stops the thread. Safe twice. */
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
