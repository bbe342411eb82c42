package io.blufio.channel.telegram;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.agent.TurnObserver;
import io.blufio.agent.TurnResult;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows one running turn in its chat, best-effort: the typing indicator, renewed every {@link #TYPING_EVERY}
 * (Telegram shows it for about 5 s, https://core.telegram.org/bots/api#sendchataction), and the answer as it
 * streams, as one plain-text message edited at most once per edit interval (1 s). Its own virtual thread does
 * the I/O, so the model's stream never waits on Telegram. The indicator and the preview fail independently:
 * a {@code sendChatAction} refused (a 4xx such as 400/404 "not supported") stops the indicator only, a 429 pauses
 * the call that got it for its {@code retry_after}; previews go on either way. The final answer is written by
 * {@link ReplyDelivery}, which waits for this stream to stop and then reuses {@link #messageId()}.
 */
final class LiveTurn implements TurnObserver {
    private static final Logger log = LoggerFactory.getLogger(LiveTurn.class);
    /** How often the typing indicator is sent again while the turn runs: 4 s. */
    static final Duration TYPING_EVERY = Duration.ofSeconds(4);
    /** Shortest time between two edits of the streamed message: 1 s. */
    static final Duration EDIT_EVERY = Duration.ofSeconds(1);

    private final BotApi api;
    private final long chatId;
    private final Duration editEvery;
    private final LongSupplier nanos;
    private final StringBuilder text = new StringBuilder();
    private final Object lock = new Object();
    private volatile boolean done;
    private volatile long messageId;
    private volatile Thread worker;
    private boolean typingOff;
    private long nextTyping;
    private long nextPreview;

    /** @param nanos the {@link System#nanoTime()} source of the throttles */
    LiveTurn(BotApi api, long chatId, Duration editEvery, LongSupplier nanos) {
        this.api = api;
        this.chatId = chatId;
        this.editEvery = editEvery;
        this.nanos = nanos;
    }

    private Runnable onDiskFull = () -> { };

    /** Sets what to do when the turn is parked by a full disk (the busy note); returns this. */
    LiveTurn onDiskFull(Runnable note) {
        this.onDiskFull = note;
        return this;
    }

    /** Starts the typing indicator and the edit loop; returns this. */
    LiveTurn start() {
        worker = Thread.ofVirtual().name("telegram-live-" + chatId).start(this::loop);
        return this;
    }

    private void loop() {
        nextTyping = nanos.getAsLong();
        nextPreview = nextTyping;
        String shown = "";
        while (!done) {
            typing();
            shown = preview(shown);
            synchronized (lock) {
                if (done) break;
                try {
                    lock.wait(Math.max(1, editEvery.toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void typing() {
        long now = nanos.getAsLong();
        if (typingOff || now - nextTyping < 0) return;
        nextTyping = now + TYPING_EVERY.toNanos();
        try {
            api.sendChatAction(chatId, "typing");
        } catch (BotApiException e) {
            if (e.retryAfter() != null) {
                nextTyping = now + Math.max(TYPING_EVERY.toNanos(), e.retryAfter().toNanos());
            } else if (e.status() >= 400 && e.status() < 500) {
                typingOff = true;  // refused or not supported here: the previews go on without it
            }
            log.debug("telegram: typing indicator of chat {} skipped{}: {}", chatId, typingOff ? " for this turn" : "", e.getMessage());
        }
    }

    /** Sends or edits the preview when its text changed; returns the text now shown. */
    private String preview(String shown) {
        long now = nanos.getAsLong();
        String current = previewText();
        if (done || now - nextPreview < 0 || current.isBlank() || current.equals(shown)) return shown;
        try {
            if (messageId == 0) {
                messageId = api.sendMessage(chatId, current, null);
            } else {
                api.editMessageText(chatId, messageId, current, null);
            }
            return current;
        } catch (BotApiException e) {
            if (e.retryAfter() != null) nextPreview = now + e.retryAfter().toNanos();
            log.debug("telegram: live update of chat {} skipped: {}", chatId, e.getMessage());
            return shown;
        }
    }

    /** Returns the streamed text so far, cut to one message. */
    private String previewText() {
        synchronized (text) {
            if (text.length() <= MessageSplitter.MAX_CHARS) return text.toString().strip();
            return text.substring(0, MessageSplitter.MAX_CHARS - 1) + "…";
        }
    }

    /** Returns the id of the streamed message, 0 when none was sent. */
    long messageId() {
        return messageId;
    }

    /** Waits up to {@code timeout} for the edit loop to end, so no preview overtakes the final answer; returns whether it ended. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        Thread w = worker;
        return w == null || w.join(timeout);
    }

    /** Ends the stream without a result (the message was a duplicate or refused). */
    void stop() {
        synchronized (lock) {
            done = true;
            lock.notifyAll();
        }
    }

    @Override
    public void onText(String delta) {
        synchronized (text) {
            text.append(delta);
        }
    }

    @Override
    public void onDone(TurnResult result) {
        stop();
    }

    @Override
    public void onError(BlufioException error) {
        stop();
        if (ErrorCode.DISK_FULL.is(error)) Thread.ofVirtual().start(onDiskFull);  // accepted, parked until there is room: busy note
    }
}
