package io.blufio.agent;

import java.util.List;

/**
 * How one channel sends replies (Telegram), registered with {@link Agent#deliverReplies}. Called only from
 * that channel's delivery worker threads, never from a session actor or the inbox dispatcher; one reply's
 * parts are sent in order by one thread at a time, and the replies of one session are delivered in order.
 *
 * <p>The worker records each part's returned id before it sends the next, so after a failure or a restart
 * it resumes at the first part not recorded. The only part that can reach the user twice is one whose send
 * succeeded but whose answer was lost (a crash between the two).
 */
public interface ReplyTransport {
    /**
     * Cuts {@code reply} into the messages to send, in order; called once per reply (the parts are stored,
     * so a resumed reply is sent in the same parts). Must return at least one part.
     */
    List<String> split(Reply reply);

    /**
     * Sends part {@code part} of {@code parts} (1-based) of {@code reply}.
     *
     * @return the channel's id of the sent message (Telegram {@code message_id}), recorded as sent
     * @throws DeliveryException when it was not sent: permanent (never retried) or with a retry hint
     * @throws InterruptedException when the worker is stopped mid-send
     */
    String send(Reply reply, int part, int parts, String text) throws DeliveryException, InterruptedException;
}
