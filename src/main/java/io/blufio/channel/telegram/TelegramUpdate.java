package io.blufio.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The parts of a Bot API {@code Update} (https://core.telegram.org/bots/api#update) blufio looks at.
 *
 * @param updateId {@code update_id}; the dedupe key in the inbox
 * @param kind the update's field: {@code message}, {@code edited_message}, {@code callback_query}, ...
 * @param chatId {@code message.chat.id} (0 when there is no message)
 * @param chatType {@code private}, {@code group}, {@code supergroup} or {@code channel}
 * @param userId {@code message.from.id} (0 when absent)
 * @param username {@code message.from.username} without {@code @}, or null
 * @param displayName first and last name, or null
 * @param text {@code message.text}, or null
 * @param media the first non-text content field ({@code photo}, {@code document}, ...), or null
 * @param message the update's message object as sent (read for media: {@code photo}, {@code document},
 *     {@code voice}, {@code caption}); a missing node when there is none
 */
record TelegramUpdate(long updateId, String kind, long chatId, String chatType, long userId, String username, String displayName,
        String text, String media, JsonNode message) {
    /** Message fields that carry something other than text; acknowledged with a short note. */
    static final List<String> MEDIA = List.of("photo", "document", "video", "voice", "audio", "sticker", "animation", "video_note",
            "location", "contact");

    /**
     * Largest valid {@code update_id}: 2^52 - 1. The Bot API's integers have at most 52 significant bits
     * (https://core.telegram.org/bots/api#available-types), so {@code update_id + 1}, the next offset, never
     * overflows; an update outside {@code [0, MAX_UPDATE_ID]} is ignored and never moves the offset.
     */
    static final long MAX_UPDATE_ID = (1L << 52) - 1;
    /** {@code updateId} of an update whose {@code update_id} is absent, not an integer or out of range. */
    static final long INVALID_ID = -1;

    /**
     * Reads an {@code Update} object. Unknown fields are ignored wherever they are: the kind is
     * {@code message} whenever that field is present, else the first other object-valued field.
     */
    static TelegramUpdate parse(JsonNode u) {
        JsonNode idNode = u.path("update_id");
        long id = idNode.isIntegralNumber() && idNode.canConvertToLong() && idNode.asLong() >= 0 && idNode.asLong() <= MAX_UPDATE_ID
                ? idNode.asLong() : INVALID_ID;
        String kind = "unknown";
        if (u.path("message").isObject()) {
            kind = "message";
        } else {
            for (var it = u.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!f.getKey().equals("update_id") && f.getValue().isObject()) {
                    kind = f.getKey();
                    break;
                }
            }
        }
        JsonNode m = u.path(kind);
        JsonNode from = m.path("from");
        String name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).strip();
        String media = null;
        for (String f : MEDIA) {
            if (m.has(f)) {
                media = f;
                break;
            }
        }
        return new TelegramUpdate(id, kind, m.path("chat").path("id").asLong(), m.path("chat").path("type").asText(null),
                from.path("id").asLong(), from.path("username").asText(null), name.isEmpty() ? null : name,
                m.hasNonNull("text") ? m.path("text").asText() : null, media, m);
    }

    /** Returns true when {@code update_id} was an integer in {@code [0, MAX_UPDATE_ID]}. */
    boolean validId() {
        return updateId != INVALID_ID;
    }

    /** Returns true for a new message in a private chat. */
    boolean privateMessage() {
        return "message".equals(kind) && "private".equals(chatType);
    }
}
