package io.blufio.channel.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an answer into Telegram messages of at most {@link #MAX_CHARS} characters (UTF-16 units, as the
 * Bot API counts them: https://core.telegram.org/bots/api#sendmessage). A cut goes at the last paragraph
 * break that fits, else the last sentence end, else the last whitespace; only a single "word" longer
 * than a whole message is cut inside (never between the halves of a surrogate pair).
 */
final class MessageSplitter {
    /** Longest text of one message after entity parsing, in characters: 4096. */
    static final int MAX_CHARS = 4096;

    private MessageSplitter() {}

    /** Splits {@code text} into parts of at most {@code limit} characters; blank text gives no part. */
    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            String part = rest.substring(0, cut).stripTrailing();
            if (!part.isEmpty()) parts.add(part);
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) parts.add(rest);
        return parts;
    }

    /** Same as {@link #split(String, int)} with {@link #MAX_CHARS}. */
    static List<String> split(String text) {
        return split(text, MAX_CHARS);
    }

    private static int cutPoint(String s, int limit) {
        String window = s.substring(0, limit + 1);  // a break right after the limit still fits
        int para = window.lastIndexOf("\n\n");
        if (para > 0) return para;
        int sentence = -1;
        for (int i = limit - 1; i > 0; i--) {
            char c = window.charAt(i - 1);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(window.charAt(i))) {
                sentence = i;
                break;
            }
        }
        if (sentence > 0) return sentence;
        for (int i = limit; i > 0; i--) {
            if (Character.isWhitespace(window.charAt(i))) return i;
        }
        return Character.isHighSurrogate(s.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
