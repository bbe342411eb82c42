package io.blufio.memory;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query side of memory retrieval, tuned on the retrieval benchmark ({@code bench/retrieval.sh}):
 * {@link #withContext}: a vague message (an anaphoric word such as "it", "that", "he", "again", or at
 *       most {@link #VAGUE_CONTENT_WORDS} content words) is searched together with the previous user turn,
 * which says what it is about; any other message is searched alone, so a change of topic is not pulled
 * back to the old one. (Rewriting "I/me/my" as "the user" to match extracted facts was tried and lost recall.)
 */
public final class QueryText {
    /** Content words (not stop words, not question words) a message has at most to count as vague. */
    static final int VAGUE_CONTENT_WORDS = 0;

    private static final Set<String> ANAPHORA = Set.of("it", "its", "that", "this", "those", "these", "he", "she", "his", "her",
            "him", "hers", "they", "them", "their", "there", "again", "mine", "one", "same");
    private static final Set<String> FUNCTION = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "did", "do",
            "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or",
            "so", "the", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will",
            "with", "you", "your", "s", "remind", "tell", "again", "exactly", "still", "long", "often", "much", "many", "called",
            "name", "number", "time", "date", "day", "size");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private QueryText() {}

    /** Returns {@code current} alone, or after {@code previous} (the previous user turn) when {@code current} is vague. */
    public static String withContext(String current, String previous) {
        if (previous == null || previous.isBlank() || !vague(current)) return current;
        return previous.strip() + "\n" + current;
    }

    /** Returns true when {@code text} leans on what came before: an anaphoric word, or hardly any content word. */
    static boolean vague(String text) {
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        int content = 0;
        while (m.find()) {
            String w = m.group();
            if (ANAPHORA.contains(w)) return true;
            if (!FUNCTION.contains(w)) content++;
        }
        return content <= VAGUE_CONTENT_WORDS;
    }
}
