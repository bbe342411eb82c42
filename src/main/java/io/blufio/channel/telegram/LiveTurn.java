package io.blufio.channel.telegram;

import io.blufio.BlufioException;
import io.blufio.agent.TurnObserver;
import io.blufio.agent.TurnResult;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows one running turn in its chat: the typing indicator, renewed every {@link #TYPING_EVERY} (Telegram
 * shows it for about 5 s, https://core.telegram.org/bots/api#sendchataction), and the answer as it streams,
 * as one plain-text message edited at most once per edit interval (1 s). A virtual thread does the I/O so
 * the model's stream never waits on Telegram. The finished answer is written by {@link ReplyDelivery},
 * which reuses {@link #messageId()}.
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
    private final BiConsumer<Long, LiveTurn> onFinished;
    private final StringBuilder text = new StringBuilder();
    private final Object lock = new Object();
    private volatile boolean done;
    private volatile long messageId;
    private Thread worker;

    /** @param onFinished receives the turn id once the turn is done, so the delivery can find this stream */
    LiveTurn(BotApi api, long chatId, Duration editEvery, BiConsumer<Long, LiveTurn> onFinished) {
        this.api = api;
        this.chatId = chatId;
        this.editEvery = editEvery;
        this.onFinished = onFinished;
    }

    private Runnable onDiskFull = () -> { };

    /** Sets what to do when the turn is parked by a full disk (the busy note); returns this. */
    LiveTurn onDiskFull(Runnable note) {
        this.onDiskFull = note;
        return this;
    }

    /** Starts the typing indicator and the edit loop. */
    LiveTurn start() {
        worker = Thread.ofVirtual().name("telegram-live-" + chatId).start(this::loop);
        return this;
    }

    private void loop() {
        long nextTyping = 0;
        String shown = "";
        while (!done) {
            long now = System.nanoTime();
            try {
                if (now - nextTyping >= 0) {
                    api.sendChatAction(chatId, "typing");
                    nextTyping = now + TYPING_EVERY.toNanos();
                }
                String current = preview();
                if (!current.isBlank() && !current.equals(shown) && !done) {
                    if (messageId == 0) {
                        messageId = api.sendMessage(chatId, current, null);
                    } else {
                        api.editMessageText(chatId, messageId, current, null);
                    }
                    shown = current;
                }
            } catch (BotApiException e) {
                log.debug("telegram: live update of chat {} skipped: {}", chatId, e.getMessage());
            }
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

    /** Returns the streamed text so far, cut to one message. */
    private String preview() {
        synchronized (text) {
            if (text.length() <= MessageSplitter.MAX_CHARS) return text.toString().strip();
            return text.substring(0, MessageSplitter.MAX_CHARS - 1) + "…";
        }
    }

    /** Returns the id of the streamed message, 0 when none was sent. */
    long messageId() {
        return messageId;
    }

    /** Waits up to {@code timeout} for the edit loop to end, so no edit overtakes the final answer. */
    void awaitStopped(Duration timeout) throws InterruptedException {
        if (worker != null) worker.join(timeout);
    }

    private void finish() {
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
        finish();
        onFinished.accept(result.turnId(), this);
    }

    @Override
    public void onError(BlufioException error) {
        finish();
        if ("disk_full".equals(error.code())) Thread.ofVirtual().start(onDiskFull);  // accepted, parked until there is room: busy note
    }
}
