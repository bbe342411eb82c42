package io.blufio.agent;

import java.util.List;

/**
 * A message a channel hands to the agent.
 *
 * @param channel {@code api}, {@code cli} or {@code telegram}
 * @param externalId the channel's id for dedupe (Telegram update id), or null
 * @param sessionKey {@code <channel>:<name>}; one session actor per key
 * @param sender who sent it (device name, Telegram user id)
 * @param content the text (a picture's caption, a document's text; may be empty beside media)
 * @param media pictures and voice notes sent with it, in order (usually none)
 */
public record Inbound(String channel, String externalId, String sessionKey, String sender, String content, List<Attachment> media) {
    public Inbound {
        media = media == null ? List.of() : List.copyOf(media);
    }

    /** A text message without media. */
    public Inbound(String channel, String externalId, String sessionKey, String sender, String content) {
        this(channel, externalId, sessionKey, sender, content, List.of());
    }
}
