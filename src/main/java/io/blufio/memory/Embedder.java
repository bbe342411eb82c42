package io.blufio.memory;

/**
 * Turns text into a unit-length vector of {@link #DIMENSIONS} floats whose dot product with another is
 * their cosine similarity. Implementations are thread-safe.
 */
public interface Embedder {
    /** Vector length of all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2). */
    int DIMENSIONS = 384;

    /**
     * Returns the L2-normalised embedding of {@code text}.
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
}
