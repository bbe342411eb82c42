package io.blufio.channel.telegram;

import io.blufio.agent.Reply;
import io.blufio.agent.ReplySink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends finished turns to their Telegram chat (the chat id is the name in the session key
 * {@code telegram:<chat id>}). The answer is split by {@link MessageSplitter}, each part rendered by
 * {@link TelegramHtml} and sent with {@code parse_mode=HTML}, falling back to the part's plain text when
 * Telegram answers 400 "can't parse entities". The first part replaces the streamed message of the
 * {@link LiveTurn}, if any. Any other failure is thrown, so the agent keeps the reply and offers it again
 * with backoff; parts already sent are remembered (in memory) and not sent twice on such a retry.
 */
final class ReplyDelivery implements ReplySink {
    private static final Logger log = LoggerFactory.getLogger(ReplyDelivery.class);
    /** Longest wait for a live stream's last edit before the final answer is written: 5 s. */
    static final Duration LIVE_STOP_WAIT = Duration.ofSeconds(5);
    /** Finished streams and partly sent replies remembered at most; beyond it the oldest are forgotten. */
    static final int MAX_TRACKED = 256;

    private final BotApi api;
    private final Map<Long, LiveTurn> live = new ConcurrentHashMap<>();
    private final Map<Long, Integer> partsSent = new ConcurrentHashMap<>();

    ReplyDelivery(BotApi api) {
        this.api = api;
    }

    /** Remembers the stream of a finished turn until its reply is delivered. */
    void finished(long turnId, LiveTurn turn) {
        if (live.size() >= MAX_TRACKED) live.keySet().stream().min(Long::compare).ifPresent(live::remove);
        live.put(turnId, turn);
    }

    @Override
    public void deliver(Reply reply) throws Exception {
        long chatId = Long.parseLong(reply.sessionKey().substring(reply.sessionKey().indexOf(':') + 1));
        LiveTurn stream = live.get(reply.turnId());
        if (stream != null) stream.awaitStopped(LIVE_STOP_WAIT);
        String text = reply.failed() ? "Sorry, that did not work: " + reply.text() : reply.text();
        List<String> parts = MessageSplitter.split(text);
        if (parts.isEmpty()) parts = List.of("(the model gave an empty answer)");
        int from = partsSent.getOrDefault(reply.turnId(), 0);
        for (int i = from; i < parts.size(); i++) {
            if (i == 0 && stream != null && stream.messageId() != 0) {
                edit(chatId, stream.messageId(), parts.get(0), reply.failed());
            } else {
                send(chatId, parts.get(i), reply.failed());
            }
            if (partsSent.size() >= MAX_TRACKED) partsSent.clear();
            partsSent.put(reply.turnId(), i + 1);
        }
        partsSent.remove(reply.turnId());
        live.remove(reply.turnId());
        log.debug("telegram: turn {} answered in {} message(s)", reply.turnId(), parts.size());
    }

    /** Sends one part as HTML, or as plain text when Telegram refuses the entities (or {@code plain}). */
    void send(long chatId, String part, boolean plain) {
        if (!plain) {
            try {
                api.sendMessage(chatId, TelegramHtml.render(part), "HTML");
                return;
            } catch (BotApiException e) {
                if (!e.entitiesRefused()) throw e;
                log.info("telegram: HTML refused ({}); sending plain text", e.description());
            }
        }
        api.sendMessage(chatId, part, null);
    }

    private void edit(long chatId, long messageId, String part, boolean plain) {
        try {
            if (!plain) {
                try {
                    api.editMessageText(chatId, messageId, TelegramHtml.render(part), "HTML");
                    return;
                } catch (BotApiException e) {
                    if (!e.entitiesRefused()) throw e;
                    log.info("telegram: HTML refused ({}); sending plain text", e.description());
                }
            }
            api.editMessageText(chatId, messageId, part, null);
        } catch (BotApiException e) {
            if (e.notModified()) return;
            if (e.status() == 400) {  // the streamed message is gone (deleted by the user): send anew
                send(chatId, part, plain);
                return;
            }
            throw e;
        }
    }
}
