package io.blufio.channel.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an answer into Telegram messages of at most {@link #MAX_CHARS} characters (UTF-16 units, as the
 * Bot API counts them: https://core.telegram.org/bots/api#sendmessage). A cut goes at the last paragraph
 * break that fits, else the last sentence end, else the last whitespace; only a single "word" longer
 * than a whole message is cut inside (never between the halves of a surrogate pair).
 *
 * <p>A cut inside a fenced code block (a line {@code ```lang} up to a line {@code ```}) goes at a line end
 * where one fits, closes the block at the end of the part and opens it again, with the same language, at
 * the start of the next part, so that each part renders on its own ({@link TelegramHtml}); lines inside
 * the block keep their indentation. The added fence lines count toward the limit.
 */
final class MessageSplitter {
    /** Longest text of one message after entity parsing, in characters: 4096. */
    static final int MAX_CHARS = 4096;

    private MessageSplitter() {}

    /** Ends a code block cut open at the end of a part. */
    static final String CLOSE_FENCE = "\n```";

    /** Splits {@code text} into parts of at most {@code limit} characters; blank text gives no part. */
    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        String open = null;  // the opening fence line of a block the previous part cut, e.g. "```java"
        while (!rest.isEmpty()) {
            String head = open == null ? "" : open + "\n";
            if (head.length() + rest.length() <= limit) {
                parts.add(head + rest);
                break;
            }
            int room = Math.max(1, limit - head.length());
            int cut = cutPoint(rest, room);
            String still = openFence(open, rest.substring(0, cut));
            if (still != null) {  // cut inside a block: leave room to close it, and prefer a line end
                room = Math.max(1, room - CLOSE_FENCE.length());
                cut = Math.min(cut, room);
                int line = rest.lastIndexOf('\n', cut);
                cut = line > 0 ? line : cutPoint(rest, room);
                still = openFence(open, rest.substring(0, cut));
            }
            String body = rest.substring(0, cut).stripTrailing();
            if (!body.isEmpty() || still != null) parts.add(head + body + (still != null ? CLOSE_FENCE : ""));
            rest = rest.substring(cut);
            rest = still != null ? stripNewlines(rest) : rest.stripLeading();
            open = still;
        }
        return parts;
    }

    /** Returns the opening fence line of the code block open at the end of {@code text} (which starts inside {@code open}), or null. */
    private static String openFence(String open, String text) {
        String state = open;
        for (String line : text.split("\n", -1)) {
            if (!TelegramHtml.FENCE.matcher(line).matches()) continue;
            state = state == null ? line.strip() : null;  // as TelegramHtml renders: every fence line toggles
        }
        return state;
    }

    private static String stripNewlines(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
        return s.substring(i);
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
