package io.blufio.agent;

/**
 * A message a channel hands to the agent.
 *
 * @param channel {@code api}, {@code cli} or {@code telegram}
 * @param externalId the channel's id for dedupe (Telegram update id), or null
 * @param sessionKey {@code <channel>:<name>}; one session actor per key
 * @param sender who sent it (device name, Telegram user id)
 * @param content the text
 */
public record Inbound(String channel, String externalId, String sessionKey, String sender, String content) {}
