/**
 * The agent: the inbox consumer, one session actor per active conversation, the context engine, the
 * bounded tool loop, the outbox's delivery workers (which call a channel's
 * {@link io.blufio.agent.ReplyTransport}; no session actor and not the dispatcher ever does channel I/O),
 * schedules ({@link io.blufio.agent.Schedules}, fired exactly once through the inbox by the
 * {@link io.blufio.agent.Scheduler}) and heartbeats. Channels talk to it only through
 * {@link io.blufio.agent.Agent} (and read schedules through {@link io.blufio.agent.Schedules}). Must not
 * import {@code channel}, {@code ops} or {@code cli}.
 */
package io.blufio.agent;
