package io.blufio.channel.telegram;

import io.blufio.agent.DeliveryException;
import io.blufio.agent.Reply;
import io.blufio.agent.ReplyTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies to their Telegram chat for the agent's delivery worker (the chat id is the name in the
 * session key {@code telegram:<chat id>}). {@link #split} cuts the answer with {@link MessageSplitter}; each
 * part is rendered by {@link TelegramHtml} and sent with {@code parse_mode=HTML}, falling back to the part's
 * plain text when Telegram answers 400 "can't parse entities". Part 1 replaces the streamed preview of the
 * {@link LiveTurn} of the same update, if it showed one, after waiting for that stream to stop.
 *
 * <p>Failures become {@link DeliveryException}s: 400 (chat not found, text refused) and 403 (the bot was
 * blocked or removed) are permanent; 429 carries Telegram's {@code retry_after}; network errors, 5xx and a
 * rejected token are retried by the worker with backoff.
 */
final class ReplyDelivery implements ReplyTransport {
    private static final Logger log = LoggerFactory.getLogger(ReplyDelivery.class);
    /**
     * Longest wait for a live stream to stop before part 1 is written: the stream ends its loop after the call
     * in flight, which {@link BotApi#CALL_TIMEOUT} bounds, plus 5 s.
     */
    static final Duration LIVE_STOP_WAIT = BotApi.CALL_TIMEOUT.plusSeconds(5);
    /** Live streams remembered at most; beyond it the oldest are forgotten (their replies are sent as new messages). */
    static final int MAX_TRACKED = 256;
    /** Sent for a reply whose text is empty, as Telegram refuses empty messages. */
    static final String EMPTY = "(the model gave an empty answer)";

    private final BotApi api;
    /** Live streams by the update's external id ({@code <bot id>:<update id>}), in insertion order. */
    private final Map<String, LiveTurn> live = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    ReplyDelivery(BotApi api) {
        this.api = api;
    }

    /** Remembers the stream of the update {@code externalId} until its reply's first part is written. */
    void watch(String externalId, LiveTurn turn) {
        synchronized (live) {
            if (live.size() >= MAX_TRACKED) {
                String oldest = live.keySet().iterator().next();
                live.remove(oldest).stop();
            }
            live.put(externalId, turn);
        }
    }

    /** Forgets the stream of {@code externalId} (the update was not accepted). */
    void unwatch(String externalId) {
        live.remove(externalId);
    }

    @Override
    public List<String> split(Reply reply) {
        String text = reply.failed() ? "Sorry, that did not work: " + reply.text() : reply.text();
        List<String> parts = MessageSplitter.split(text);
        return parts.isEmpty() ? List.of(EMPTY) : parts;
    }

    @Override
    public String send(Reply reply, int part, int parts, String text) throws DeliveryException, InterruptedException {
        long chatId = chatId(reply);
        try {
            if (part == 1 && reply.externalId() != null) {
                LiveTurn stream = live.get(reply.externalId());
                if (stream != null) {
                    if (!stream.awaitStopped(LIVE_STOP_WAIT)) log.warn("telegram: the preview of turn {} did not stop; answering anyway", reply.turnId());
                    long preview = stream.messageId();
                    String id = preview != 0 ? Long.toString(edit(chatId, preview, text, reply.failed())) : Long.toString(send(chatId, text, reply.failed()));
                    live.remove(reply.externalId());
                    return id;
                }
            }
            return Long.toString(send(chatId, text, reply.failed()));
        } catch (BotApiException e) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("stopped while sending");
            boolean permanent = e.status() == 400 || e.status() == 403;
            throw new DeliveryException("part " + part + " of " + parts + ": " + e.getMessage(), permanent, e.retryAfter(), null);
        }
    }

    private static long chatId(Reply reply) throws DeliveryException {
        String key = reply.sessionKey();
        try {
            return Long.parseLong(key.substring(key.indexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new DeliveryException("session " + key + " names no Telegram chat", true, null, e);
        }
    }

    /** Sends one part as HTML, or as plain text when Telegram refuses the entities (or {@code plain}); returns its message id. */
    long send(long chatId, String part, boolean plain) {
        if (!plain) {
            try {
                return api.sendMessage(chatId, TelegramHtml.render(part), "HTML");
            } catch (BotApiException e) {
                if (!e.entitiesRefused()) throw e;
                log.info("telegram: HTML refused ({}); sending plain text", e.description());
            }
        }
        return api.sendMessage(chatId, part, null);
    }

    /** Writes part 1 into the streamed message {@code messageId}; returns the id of the message that shows it. */
    private long edit(long chatId, long messageId, String part, boolean plain) {
        try {
            if (!plain) {
                try {
                    api.editMessageText(chatId, messageId, TelegramHtml.render(part), "HTML");
                    return messageId;
                } catch (BotApiException e) {
                    if (!e.entitiesRefused()) throw e;
                    log.info("telegram: HTML refused ({}); sending plain text", e.description());
                }
            }
            api.editMessageText(chatId, messageId, part, null);
            return messageId;
        } catch (BotApiException e) {
            if (e.notModified()) return messageId;
            if (e.status() == 400) return send(chatId, part, plain);  // the preview is gone (deleted by the user): send anew
            throw e;
        }
    }
}
