/**
 * The agent: the inbox consumer, one session actor per active conversation, the context engine and
 * the bounded tool loop. Channels talk to it only through {@link io.blufio.agent.Agent}. Must not
 * import {@code channel}, {@code ops} or {@code cli}.
 */
package io.blufio.agent;
