package io.blufio.agent;

/**
 * Delivers finished turns for one channel (Telegram). The agent calls it after a turn is committed and
 * marks the reply sent only when {@link #deliver} returns normally; on an exception the reply stays
 * pending and is offered again with backoff (also after a restart), so a reply is never dropped.
 * Deliveries for one session are made in order; a sink should make a repeated delivery harmless.
 */
@FunctionalInterface
public interface ReplySink {
    /**
     * Sends {@code reply} to its recipient.
     *
     * @throws Exception when it could not be sent; the agent will offer it again later
     */
    void deliver(Reply reply) throws Exception;
}
