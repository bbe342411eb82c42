/**
 * The agent: the inbox consumer, one session actor per active conversation, the context engine and
 * the bounded tool loop; schedules ({@link io.blufio.agent.Schedules}, fired exactly once through the inbox
 * by the {@link io.blufio.agent.Scheduler}) and heartbeats. Channels talk to it only through
 * {@link io.blufio.agent.Agent} (and read schedules through {@link io.blufio.agent.Schedules}). Must not
 * import {@code channel}, {@code ops} or {@code cli}.
 */
package io.blufio.agent;
