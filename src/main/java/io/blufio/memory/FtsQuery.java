package io.blufio.memory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what a person typed into a safe SQLite FTS5 query (https://www.sqlite.org/fts5.html, section 3).
 * The text is split into words on anything that is not a letter or digit, the way FTS5's
 * {@code unicode61} tokenizer splits, so quotes, {@code *}, {@code -}, {@code :}, {@code ^}, parentheses
 * and {@code +} never reach the parser; each word becomes a quoted string, so {@code OR}, {@code AND},
 * {@code NOT} and {@code NEAR} are plain words. The words are joined with {@code OR} (any word may match;
 * BM25 ranks documents with more and rarer words first). Common English function words are left out
 * unless nothing else remains, so "the" does not match every fact.
 */
final class FtsQuery {
    /** Words used at most, so a pasted page cannot make one query arbitrarily expensive. */
    static final int MAX_TERMS = 32;

    private static final Set<String> STOPWORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "can",
            "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "is", "it", "its", "like",
            "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "them", "there", "these", "they", "this",
            "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your");

    private FtsQuery() {}

    /** Returns the FTS5 query for {@code text}, or empty when it holds no word at all. */
    static Optional<String> of(String text) {
        Set<String> all = new LinkedHashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) all.add(w);
        }
        List<String> words = new ArrayList<>();
        for (String w : all) if (!STOPWORDS.contains(w)) words.add(w);
        if (words.isEmpty()) words.addAll(all);
        if (words.isEmpty()) return Optional.empty();
        StringBuilder q = new StringBuilder();
        for (String w : words.subList(0, Math.min(words.size(), MAX_TERMS))) {
            if (!q.isEmpty()) q.append(" OR ");
            q.append('"').append(w.replace("\"", "\"\"")).append('"');
        }
        return Optional.of(q.toString());
    }
}
