package io.blufio.memory;

import java.util.Map;

/**
 * A WordPiece vocabulary (token to id) packed into four arrays: the tokens' characters one after another, where
 * each token starts, each token's id, and an open-addressing hash table of token indexes. About 0.8 MB for the
 * 30,522 tokens of all-MiniLM-L6-v2 where a {@code Map<String, Integer>} holds about 2.5 MB of heap, and a
 * lookup of a piece of a word allocates nothing. Immutable, so thread-safe.
 */
final class Vocabulary {
    private final char[] chars;
    private final int[] starts;   // token i is chars[starts[i] .. starts[i + 1])
    private final int[] ids;
    private final int[] table;    // token index + 1, 0 for an empty slot; linear probing
    private final int mask;

    private Vocabulary(char[] chars, int[] starts, int[] ids, int[] table) {
        this.chars = chars;
        this.starts = starts;
        this.ids = ids;
        this.table = table;
        this.mask = table.length - 1;
    }

    /** Packs {@code tokens}; a token listed twice keeps the last id. */
    static Vocabulary of(Map<String, Integer> tokens) {
        int total = 0;
        for (String t : tokens.keySet()) total += t.length();
        char[] chars = new char[total];
        int[] starts = new int[tokens.size() + 1];
        int[] ids = new int[tokens.size()];
        int size = Integer.highestOneBit(Math.max(4, tokens.size() * 2 - 1)) << 1;
        Vocabulary v = new Vocabulary(chars, starts, ids, new int[size]);
        int i = 0;
        int at = 0;
        for (Map.Entry<String, Integer> e : tokens.entrySet()) {
            String t = e.getKey();
            t.getChars(0, t.length(), chars, at);
            starts[i] = at;
            at += t.length();
            ids[i] = e.getValue();
            i++;
        }
        starts[i] = at;
        for (int k = 0; k < ids.length; k++) {
            int slot = hash("", chars, starts[k], starts[k + 1]) & v.mask;
            while (v.table[slot] != 0) slot = (slot + 1) & v.mask;
            v.table[slot] = k + 1;
        }
        return v;
    }

    /** Returns the number of tokens. */
    int size() {
        return ids.length;
    }

    /** Returns the id of the token {@code prefix + text[from, to)}, or -1 when the vocabulary has none. */
    int id(String prefix, CharSequence text, int from, int to) {
        int h = prefix.isEmpty() ? 0 : hashPrefix(prefix);
        for (int i = from; i < to; i++) h = 31 * h + text.charAt(i);
        int slot = spread(h) & mask;
        int len = prefix.length() + to - from;
        for (int k; (k = table[slot]) != 0; slot = (slot + 1) & mask) {
            int s = starts[k - 1];
            if (starts[k] - s == len && matches(s, prefix, text, from, to)) return ids[k - 1];
        }
        return -1;
    }

    /** Returns the id of {@code token}, or -1. */
    int id(String token) {
        return id("", token, 0, token.length());
    }

    private boolean matches(int s, String prefix, CharSequence text, int from, int to) {
        for (int i = 0; i < prefix.length(); i++) if (chars[s++] != prefix.charAt(i)) return false;
        for (int i = from; i < to; i++) if (chars[s++] != text.charAt(i)) return false;
        return true;
    }

    private static int hashPrefix(String prefix) {
        int h = 0;
        for (int i = 0; i < prefix.length(); i++) h = 31 * h + prefix.charAt(i);
        return h;
    }

    private static int hash(String prefix, char[] chars, int from, int to) {
        int h = hashPrefix(prefix);
        for (int i = from; i < to; i++) h = 31 * h + chars[i];
        return spread(h);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
