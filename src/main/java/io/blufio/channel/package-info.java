/**
 * Channels: the ways a person reaches the agent ({@code channel.gateway} for the signed HTTP API,
 * {@code channel.telegram}). A channel writes every accepted message to the agent's inbox before it
 * acknowledges it. May use {@code agent}'s public API and {@code auth}; must not import {@code ops} or {@code cli}.
 */
package io.blufio.channel;
