package io.blufio.channel.telegram;

import io.blufio.ErrorCode;
import io.blufio.agent.Agent;
import io.blufio.agent.Inbound;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to one update: text from an allowed user in a private chat goes to the agent's
 * inbox (dedupe key: {@code <bot id>:<update id>}, as update ids are counted per bot) with a {@link LiveTurn}
 * watching it, started before the turn can finish so that the reply's delivery always finds it; a stranger gets one short refusal
 * with a pairing code per {@link TelegramState#REFUSAL_INTERVAL} and never reaches the model; photos,
 * documents and voice notes go through {@link MediaIntake} (downloaded, checked, or refused with a reply);
 * stickers, videos and other non-text messages get {@link #ONLY_TEXT}; groups, edited messages and other update
 * kinds are ignored with a debug line. Throws only when the inbox write fails (the offset then stays).
 */
final class UpdateHandler {
    private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);
    /** The channel name in the inbox and session keys. */
    static final String CHANNEL = "telegram";
    /** The note for stickers, videos, locations and other messages that are neither text nor handled media. */
    static final String ONLY_TEXT = "I can read text, pictures, PDF and text documents, and voice notes; not this kind of"
            + " message. Please send your question as text.";
    /** Sent instead of a turn while memory pressure refuses new sessions (SPEC section 11). */
    static final String BUSY = "I'm busy right now; please try again in a minute.";
    /** Shortest time between two disk-full busy notes to one chat (a retried update, then its parked turn): 10 min. */
    static final Duration BUSY_NOTE_EVERY = Duration.ofMinutes(10);
    /** Chats told {@link #BUSY} for a full disk, with when (nanos); at most {@link #BUSY_NOTE_CHATS} kept. */
    private final java.util.Map<Long, Long> busyNoted = new java.util.concurrent.ConcurrentHashMap<>();
    static final int BUSY_NOTE_CHATS = 1024;

    private final BotApi api;
    private final MediaIntake intake;
    private final Agent agent;
    private final TelegramState state;
    private final Access access;
    private final ReplyDelivery delivery;
    private final Duration editEvery;
    private final java.util.function.LongSupplier nanos;

    UpdateHandler(BotApi api, Agent agent, TelegramState state, Access access, ReplyDelivery delivery, Duration editEvery,
            java.util.function.LongSupplier nanos, MediaPolicy media) {
        this.api = api;
        this.intake = new MediaIntake(api, media);
        this.agent = agent;
        this.state = state;
        this.access = access;
        this.delivery = delivery;
        this.editEvery = editEvery;
        this.nanos = nanos;
    }

    /** Returns the refusal a stranger gets, with their pairing code. */
    static String refusal(String code) {
        return "Sorry, I only talk to people my owner has approved. Your pairing code is " + code
                + ". Ask my owner to run: blufio telegram approve " + code;
    }

    /** Handles update {@code u} of the bot {@code botId} (its {@code getMe} id). */
    void handle(TelegramUpdate u, long botId) {
        if (!"message".equals(u.kind())) {
            log.debug("telegram: ignoring update {} of kind {}", u.updateId(), u.kind());
            return;
        }
        if (!u.privateMessage()) {
            log.debug("telegram: ignoring update {} from a {} chat (private chats only)", u.updateId(), u.chatType());
            return;
        }
        if (!access.allowed(u.userId(), u.username())) {
            refuse(u);
            return;
        }
        String content = u.text();
        java.util.List<io.blufio.agent.Attachment> media = java.util.List.of();
        if ((content == null || content.isBlank()) && MediaIntake.handles(u.message())) {
            MediaIntake.Outcome outcome = intake.take(u.message());
            if (outcome instanceof MediaIntake.Outcome.Refused r) {
                log.info("telegram: {} from user {} refused: {}", u.media(), u.userId(), r.reply());
                sendQuietly(u.chatId(), r.reply());
                return;
            }
            MediaIntake.Outcome.Accepted a = (MediaIntake.Outcome.Accepted) outcome;
            content = a.content();
            media = a.media();
        } else if (content == null || content.isBlank()) {
            if (u.media() != null) {
                log.info("telegram: {} from user {} acknowledged with the text-only note", u.media(), u.userId());
                sendQuietly(u.chatId(), ONLY_TEXT);
            } else {
                log.debug("telegram: ignoring update {}: a message without text or known media", u.updateId());
            }
            return;
        }
        String externalId = botId + ":" + u.updateId();
        LiveTurn live = new LiveTurn(api, u.chatId(), editEvery, nanos).onDiskFull(() -> diskFullNote(u.chatId()));
        delivery.watch(externalId, live.start());
        Inbound in = new Inbound(CHANNEL, externalId, CHANNEL + ":" + u.chatId(), Long.toString(u.userId()), content, media);
        Optional<Long> turn;
        try {
            turn = agent.submit(in, live);
        } catch (RuntimeException e) {
            delivery.unwatch(externalId);
            live.stop();
            if (e instanceof io.blufio.BlufioException be && ErrorCode.DISK_FULL.is(be)) {
                // not accepted: the update stays unconfirmed and is taken again once there is room; tell the user once
                diskFullNote(u.chatId());
                throw e;
            }
            if (!(e instanceof io.blufio.BlufioException be) || !ErrorCode.MEMORY_PRESSURE.is(be)) throw e;
            // SPEC 11: under memory pressure new conversations get a short busy note; the update counts as handled
            log.info("telegram: update {} from user {} refused under memory pressure", u.updateId(), u.userId());
            sendQuietly(u.chatId(), BUSY);
            return;
        }
        if (turn.isPresent()) {
            log.debug("telegram: update {} accepted as turn {}", u.updateId(), turn.get());
        } else {
            delivery.unwatch(externalId);
            live.stop();
            log.debug("telegram: update {} was accepted before; dropped as a duplicate", u.updateId());
        }
    }

    private void refuse(TelegramUpdate u) {
        Optional<String> code = state.issuePairingCode(u.userId(), u.username(), u.displayName());
        if (code.isEmpty()) {
            log.debug("telegram: stranger {} was refused within the last hour; no answer", u.userId());
            return;
        }
        log.info("telegram: refused user {}{}; pairing code issued (see: blufio telegram pending)", u.userId(),
                u.username() == null ? "" : " (@" + u.username() + ")");
        sendQuietly(u.chatId(), refusal(code.get()));
    }

    /** Tells a chat {@link #BUSY} because the disk is full, at most once per {@link #BUSY_NOTE_EVERY}. */
    void diskFullNote(long chatId) {
        long now = nanos.getAsLong();
        Long last = busyNoted.get(chatId);
        if (last != null && now - last < BUSY_NOTE_EVERY.toNanos()) return;
        if (busyNoted.size() >= BUSY_NOTE_CHATS) busyNoted.clear();
        busyNoted.put(chatId, now);
        sendQuietly(chatId, BUSY);
    }

    /** Sends a short notice; a failure is logged and the notice dropped (the poll loop must not stall on it). */
    private void sendQuietly(long chatId, String text) {
        try {
            api.sendMessage(chatId, text, null);
        } catch (BotApiException e) {
            log.warn("telegram: notice to chat {} not sent: {}", chatId, e.getMessage());
        }
    }
}
