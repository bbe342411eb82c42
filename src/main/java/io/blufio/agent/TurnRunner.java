package io.blufio.agent;

import io.blufio.store.InboxState;
import io.blufio.ErrorCode;
import io.blufio.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.BlufioException;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.LlmError;
import io.blufio.llm.LlmException;
import io.blufio.llm.Provider;
import io.blufio.llm.Role;
import io.blufio.llm.StopReason;
import io.blufio.llm.ToolSpec;
import io.blufio.llm.Usage;
import io.blufio.store.Database;
import io.blufio.store.HeartbeatStore;
import io.blufio.store.InboxItem;
import io.blufio.store.InboxStore;
import io.blufio.store.MessageStore;
import io.blufio.store.OutboxStore;
import io.blufio.store.ScheduleStore;
import io.blufio.store.Session;
import io.blufio.store.SessionStore;
import io.blufio.tools.ToolOutput;
import io.blufio.tools.ToolRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one turn: context, model call, the bounded tool loop, then one write transaction that stores the
 * turn's messages, marks its inbox row done and, for a channel with a delivery worker, puts the reply in
 * the outbox. Until that commit nothing of the turn is stored, so a crash means the whole turn is redone
 * after restart and never stored twice. The runner never sends anything to a channel itself.
 */
final class TurnRunner {
    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    private final Database db;
    private final SessionStore sessions;
    private final MessageStore messages;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final Map<String, DeliveryWorker> deliveries;
    private final Provider provider;
    private final ToolRegistry tools;
    private final String systemPrompt;
    private final ContextEngine context;
    private final int maxToolIterations;
    private final Clock clock;
    private volatile AgentEvents events = AgentEvents.NONE;
    private volatile ModelRouter router;  // null: no routing
    private final io.blufio.store.MediaStore media;
    private volatile io.blufio.llm.Transcriber transcriber;  // null: voice notes are refused with a note

    /** A runner for channels without an outbox (replies go only to each turn's observer). */
    TurnRunner(Database db, Provider provider, ToolRegistry tools, String systemPrompt, ContextEngine context,
            int maxToolIterations, Clock clock) {
        this(db, provider, tools, systemPrompt, context, maxToolIterations, clock, Map.of());
    }

    /** @param deliveries the delivery worker of each channel whose replies go through the outbox (read at each commit) */
    TurnRunner(Database db, Provider provider, ToolRegistry tools, String systemPrompt, ContextEngine context,
            int maxToolIterations, Clock clock, Map<String, DeliveryWorker> deliveries) {
        this.db = db;
        this.sessions = new SessionStore(db);
        this.messages = new MessageStore(db);
        this.inbox = new InboxStore(db);
        this.outbox = new OutboxStore(db);
        this.media = new io.blufio.store.MediaStore(db);
        this.deliveries = deliveries;
        this.provider = provider;
        this.tools = tools;
        this.systemPrompt = systemPrompt;
        this.context = context;
        this.maxToolIterations = maxToolIterations;
        this.clock = clock;
    }

    /** Sets where turn and message events go (metrics). */
    void events(AgentEvents events) {
        this.events = events;
    }

    /** Sets the speech-to-text client for voice notes ({@code [transcription]}); null refuses them with a note. */
    void transcriber(io.blufio.llm.Transcriber transcriber) {
        this.transcriber = transcriber;
    }

    /** Sets the model routing; null or a disabled router leaves every call on the provider's model. */
    void router(ModelRouter router) {
        this.router = router;
    }

    /** Runs the turn of {@code item}, reporting to {@code observer}. Never throws except on interrupt. */
    void run(InboxItem item, TurnObserver observer) throws InterruptedException {
        long t0 = Ticker.SYSTEM.nanoTime();
        events.message(item.channel(), "in");
        Session session = sessions.byKey(item.sessionKey())
                .orElseGet(() -> db.writeRelaxed(c -> sessions.getOrCreate(c, item.sessionKey(), item.channel(), clock.instant())));
        String feature = featureOf(item);
        CallScope scope = new CallScope(session.id(), item.id(), feature);
        String outcome = HeartbeatStore.SENDER.equals(item.sender())
                ? deliverHeartbeat(item, observer, session)
                : scope.run(() -> runScoped(item, observer, session, scope));
        long took = Ticker.SYSTEM.nanoTime() - t0;
        events.turn(item.channel(), outcome, took, Math.max(0, took - scope.llmNanos()));
    }

    private String runScoped(InboxItem item, TurnObserver observer, Session session, CallScope scope) throws InterruptedException {
        ModelRouter r0 = router;
        ModelRouter.Decision route = r0 == null ? new ModelRouter.Decision(item.content(), null, null, null, null, null)
                : r0.route(session.id(), item.content());
        String userText = route.text();  // an override prefix is removed before the model sees the text
        TurnMedia turnMedia;
        try {
            turnMedia = TurnMedia.of(item, media, transcriber);  // transcribes a voice note first (one call)
        } catch (BlufioException e) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("turn interrupted");
            log.warn("turn {} of session {} ({}) failed: {} ({})", item.id(), session.id(), item.sessionKey(), e.getMessage(), e.code());
            events.error(e.code());
            fail(item, e);
            observer.onError(e);
            return "error";
        }
        if (turnMedia.transcript() != null) {
            userText = TurnMedia.VOICE_PREFIX + turnMedia.transcript() + (userText.isBlank() ? "" : "\n\n" + userText);
        }
        List<ContentBlock> images = turnMedia.images();
        TurnContext ctx = context.build(session.id(), userText, images);  // may compact first (one model call)
        List<ChatMessage> convo = new ArrayList<>(ctx.messages());
        List<ChatMessage> produced = new ArrayList<>();
        produced.add(TurnMedia.stored(userText, images));  // pictures by reference only: the bytes stay in the media table
        List<ToolSpec> specs = tools.tools().stream().map(t -> new ToolSpec(t.name(), t.description(), t.inputSchema())).toList();
        Set<String> offered = specs.stream().map(ToolSpec::name).collect(java.util.stream.Collectors.toSet());
        Usage usage = ctx.compactionUsage();
        String model = route.model() == null ? provider.model() : route.model();
        scope.intendedModel(route.intendedModel());
        if (route.label() != null) events.routed(route.label(), model);
        String notice = (turnMedia.transcript() == null ? "" : TurnMedia.shown(turnMedia.transcript()) + "\n\n")
                + (route.notice() == null ? "" : route.notice() + "\n\n");
        if (!notice.isEmpty()) observer.onText(notice);
        boolean setAside = false;
        boolean imagesDropped = false;
        try {
            ChatMessage answer = null;
            for (int iteration = 1; ; iteration++) {
                if (iteration > 1 && scope.feature().equals("chat")) scope.feature("tool");  // schedule turns stay "schedule"
                ChatResult r;
                try {
                    r = provider.chat(new ChatRequest(systemPrompt, convo, specs, route.model()), observer::onText);
                } catch (LlmException e) {
                    if (TurnMedia.imageRefusal(e) && TurnMedia.hasImageData(convo)) {
                        if (!images.isEmpty()) throw TurnMedia.unsupported(e, route.model() == null ? provider.model() : route.model());
                        if (!imagesDropped) {  // only older pictures: send them as notes from now on in this turn
                            log.warn("turn {} of session {}: the model refused pictures ({}); sending earlier pictures as text notes",
                                    item.id(), session.id(), e.getMessage());
                            imagesDropped = true;
                            convo = TurnMedia.withoutImageData(convo);
                            iteration--;
                            continue;
                        }
                    }
                    if (e.error() != LlmError.HISTORY_INVALID || iteration > 1 || setAside) throw e;
                    // the stored history is what the provider refuses: set it aside once, so no later turn sends it
                    log.warn("turn {} of session {} ({}): the provider refused the stored history: {}; setting it aside"
                            + " and retrying once", item.id(), session.id(), item.sessionKey(), e.getMessage());
                    events.error(e.code());
                    setAside = true;
                    TurnContext rebuilt = context.setAside(session.id(), userText, images);
                    usage = usage.plus(rebuilt.compactionUsage());
                    convo = new ArrayList<>(rebuilt.messages());
                    iteration--;
                    continue;
                }
                if (Thread.interrupted()) throw new InterruptedException("turn interrupted");
                usage = usage.plus(r.usage());
                model = r.model() == null ? model : r.model();
                if (r.stopReason() == StopReason.MAX_TOKENS) {
                    log.warn("turn {} of session {}: the answer was cut off at max_tokens", item.id(), session.id());
                    events.error("llm_max_tokens");
                }
                ToolCalls.Checked checked = ToolCalls.check(r.message(), offered);
                checked.problems().forEach((kind, what) -> {
                    log.warn("turn {} of session {}: {}", item.id(), session.id(), what);
                    events.error(kind);
                });
                answer = checked.message();
                convo.add(answer);
                produced.add(answer);
                List<ContentBlock.ToolUse> calls = answer.toolUses();
                if (calls.isEmpty()) break;
                List<ContentBlock> results = new ArrayList<>();
                boolean last = iteration >= maxToolIterations;
                for (ContentBlock.ToolUse call : calls) {
                    String refusal = checked.refusals().get(call.id());
                    if (refusal != null) {
                        results.add(new ContentBlock.ToolResult(call.id(), refusal, true));
                        observer.onTool(call.name(), "error");
                        continue;
                    }
                    if (last) {
                        results.add(new ContentBlock.ToolResult(call.id(),
                                "not run: the turn reached agent.max_tool_iterations (" + maxToolIterations + ")", true));
                        continue;
                    }
                    observer.onTool(call.name(), "running");
                    ToolOutput out = tools.call(call.name(), call.input());
                    observer.onTool(call.name(), out.isError() ? "error" : "ok");
                    results.add(new ContentBlock.ToolResult(call.id(), out.content(), out.isError()));
                }
                ChatMessage toolMsg = new ChatMessage(Role.USER, results);
                convo.add(toolMsg);
                produced.add(toolMsg);
                if (last) {
                    log.warn("turn {} stopped after {} model calls (agent.max_tool_iterations)", item.id(), iteration);
                    break;
                }
            }
            String text = answer.text();
            if (text.isBlank() && !answer.toolUses().isEmpty()) {
                text = "(I stopped after " + maxToolIterations + " tool steps without a final answer.)";
            }
            TurnResult result = commit(item, session, produced, notice + text, model, usage, scope.costUsd().doubleValue(), route.label());
            events.message(item.channel(), "out");
            observer.onDone(result);
            return "ok";
        } catch (BlufioException e) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("turn interrupted");
            if (ErrorCode.DISK_FULL.is(e)) throw e;  // not the turn's fault: the agent parks it and runs it again
            log.warn("turn {} of session {} ({}) failed: {} ({})", item.id(), session.id(), item.sessionKey(), e.getMessage(), e.code());
            events.error(e.code());
            fail(item, e);
            observer.onError(e);
            return ErrorCode.BUDGET_EXHAUSTED.is(e) ? "budget" : "error";
        }
    }

    /** Returns the ledger feature of a turn: {@code schedule} for a schedule's turn, else {@code chat}. */
    static String featureOf(InboxItem item) {
        return ScheduleStore.SENDER.equals(item.sender()) ? "schedule" : "chat";
    }

    /**
     * A heartbeat's message: the check already called the model ({@link Heartbeats}), so this turn only
     * stores the check-in and the message in the history and lets the channel deliver it like any reply.
     */
    private String deliverHeartbeat(InboxItem item, TurnObserver observer, Session session) {
        List<ChatMessage> produced = List.of(ChatMessage.user(Heartbeats.CHECK_IN), ChatMessage.assistant(item.content()));
        TurnResult result = commit(item, session, produced, item.content(), null, Usage.ZERO, 0, null);
        events.message(item.channel(), "out");
        observer.onDone(result);
        return "ok";
    }

    private TurnResult commit(InboxItem item, Session session, List<ChatMessage> produced, String text, String model, Usage usage,
            double cost, String tier) {
        Instant now = clock.instant();
        DeliveryWorker worker = deliveries.get(item.channel());
        long lastId = db.write(c -> {
            long id = 0;
            for (ChatMessage m : produced) {
                String role = m.role() == Role.USER ? "user" : "assistant";
                id = messages.insert(c, session.id(), item.id(), role, Blocks.toJson(m.content()),
                        m.role() == Role.ASSISTANT ? model : null, now);
            }
            String res = new TurnResult(item.id(), session.id(), id, text, model, usage, cost, tier).toJson().toString();
            inbox.finish(c, item.id(), InboxState.DONE, res, now);
            if (worker != null) outbox.insert(c, item.id(), item.channel(), item.sessionKey(), false, text, now);
            sessions.touch(c, session.id(), now);
            return id;
        });
        if (worker != null) worker.wake();
        return new TurnResult(item.id(), session.id(), lastId, text, model, usage, cost, tier);
    }

    void fail(InboxItem item, BlufioException e) {
        ObjectNode err = JSON.createObjectNode().put("code", e.code()).put("message", e.getMessage());
        DeliveryWorker worker = deliveries.get(item.channel());
        Instant now = clock.instant();
        db.write(c -> {
            inbox.finish(c, item.id(), InboxState.FAILED, err.toString(), now);
            if (worker != null) outbox.insert(c, item.id(), item.channel(), item.sessionKey(), true, e.getMessage(), now);
            return null;
        });
        if (worker != null) worker.wake();
    }
}
