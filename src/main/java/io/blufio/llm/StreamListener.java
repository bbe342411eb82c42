package io.blufio.llm;

/** Receives assistant text as the provider streams it. Called on the provider's thread; must not block long. */
@FunctionalInterface
public interface StreamListener {
    /** Receives the next piece of assistant text (never null, may be short). */
    void onText(String delta);

    /** A listener that drops everything. */
    StreamListener NONE = delta -> {};
}
