package io.blufio.memory;

/**
 * Turns text into a unit-length vector of {@link #DIMENSIONS} floats whose dot product with another is
 * their cosine similarity. Implementations are thread-safe.
 */
public interface Embedder {
    /** Vector length of all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2). */
    int DIMENSIONS = 384;

    /**
     * Characters of one text embedded in one model run at most, about 250 word pieces of English: under
     * the model's 512 positions, so no run ever tokenizes or encodes more (the model card suggests 256
     * word pieces: https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2).
     */
    int CHUNK_CHARS = 1_000;

    /**
     * Chunks of one text embedded at most. A longer text is embedded from its first
     * {@link #MAX_INPUT_CHARS} characters only (the mean of its chunks' vectors), so a message of 1 MiB
     * costs what a message of 8,000 characters costs.
     */
    int MAX_CHUNKS = 8;

    /** Characters of a text looked at, at most: {@link #CHUNK_CHARS} x {@link #MAX_CHUNKS}. */
    int MAX_INPUT_CHARS = CHUNK_CHARS * MAX_CHUNKS;

    /**
     * Returns the L2-normalised embedding of {@code text}: of its first {@link #MAX_INPUT_CHARS}
     * characters, in chunks of at most {@link #CHUNK_CHARS}.
     *
     * @throws MemoryException {@code embedding_failed} when the model cannot be loaded or run
     */
    float[] embed(String text);

    /** Returns true while the model is in memory. */
    boolean loaded();

    /** Frees the model now (the next {@link #embed} loads it again). Safe to call at any time. */
    void unload();

    /**
     * Frees the model when it has not been used for {@code idle}; returns true when it did. The memory
     * monitor sheds this way: unloading a model that the next turn loads again only churns native memory.
     */
    default boolean unloadIfIdleFor(java.time.Duration idle) {
        unload();
        return true;
    }

    /**
     * Splits the first {@link #MAX_INPUT_CHARS} characters of {@code text} into at most {@link #MAX_CHUNKS}
     * pieces of at most {@link #CHUNK_CHARS} characters, cut at the last white space of each piece when
     * there is one (never inside a surrogate pair). A text of at most {@link #CHUNK_CHARS} is one piece.
     */
    static java.util.List<String> chunks(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n && out.size() < MAX_CHUNKS) {
            int end = Math.min(n, i + CHUNK_CHARS);
            if (end < n) {
                int space = end;
                while (space > i + CHUNK_CHARS / 2 && !Character.isWhitespace(text.charAt(space - 1))) space--;
                if (space > i + CHUNK_CHARS / 2) end = space;
                if (end - 1 > i && Character.isHighSurrogate(text.charAt(end - 1))) end--;
            }
            String piece = text.substring(i, end).strip();
            if (!piece.isEmpty()) out.add(piece);
            i = end;
        }
        if (out.isEmpty()) out.add(text.substring(0, Math.min(n, CHUNK_CHARS)));
        return out;
    }
}
