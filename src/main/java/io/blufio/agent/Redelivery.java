package io.blufio.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.store.InboxItem;
import io.blufio.store.InboxStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands finished turns to their channel's {@link ReplySink} and retries failed deliveries with
 * exponential backoff ({@link #FIRST_RETRY} doubling up to {@link #MAX_RETRY}); a reply is marked sent
 * only after the sink returned, so replies survive crashes and outages.
 */
final class Redelivery {
    private static final Logger log = LoggerFactory.getLogger(Redelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Wait before the first retry of a failed delivery. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    /** Longest wait between retries. */
    static final Duration MAX_RETRY = Duration.ofMinutes(5);
    /** Undelivered replies looked at per pass. */
    static final int BATCH = 32;

    private final InboxStore inbox;
    private final Map<String, ReplySink> sinks;
    private final Clock clock;
    /** Next attempt per turn id; bounded by the undelivered rows (at most {@link #BATCH} are tracked per pass). */
    private final Map<Long, Attempt> due = new ConcurrentHashMap<>();

    private record Attempt(Instant next, Duration backoff) {}

    Redelivery(InboxStore inbox, Map<String, ReplySink> sinks, Clock clock) {
        this.inbox = inbox;
        this.sinks = sinks;
        this.clock = clock;
    }

    /** Tries to deliver the reply of turn {@code turnId} now. */
    void deliverNow(long turnId) {
        inbox.find(turnId).ifPresent(this::attempt);
    }

    /** Retries every undelivered reply whose backoff has passed. */
    void retryDue() {
        if (sinks.isEmpty()) return;
        Instant now = clock.instant();
        for (InboxItem item : inbox.undelivered(sinks.keySet(), BATCH)) {
            Attempt a = due.get(item.id());
            if (a == null || !now.isBefore(a.next())) attempt(item);
        }
    }

    private synchronized void attempt(InboxItem item) {
        ReplySink sink = sinks.get(item.channel());
        if (sink == null || item.result() == null) return;
        Reply reply = toReply(item);
        try {
            sink.deliver(reply);
            inbox.markReplySent(item.id());
            due.remove(item.id());
        } catch (Exception e) {
            Attempt prev = due.get(item.id());
            Duration wait = prev == null ? FIRST_RETRY : min(prev.backoff().multipliedBy(2), MAX_RETRY);
            due.put(item.id(), new Attempt(clock.instant().plus(wait), wait));
            log.warn("reply to turn {} ({}) not delivered: {}; retrying in {} s", item.id(), item.channel(), e.getMessage(), wait.toSeconds());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    static Reply toReply(InboxItem item) {
        JsonNode r;
        try {
            r = JSON.readTree(item.result());
        } catch (IOException e) {
            r = JSON.createObjectNode();
        }
        boolean failed = "failed".equals(item.state());
        String text = failed ? r.path("message").asText("the turn failed") : r.path("content").asText("");
        return new Reply(item.id(), item.channel(), item.externalId(), item.sessionKey(), item.sender(), text, failed,
                failed ? r.path("code").asText("internal") : null);
    }
}
