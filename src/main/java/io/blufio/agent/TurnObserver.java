package io.blufio.agent;

import io.blufio.BlufioException;

/**
 * Watches one turn as it runs. Called from the session actor's thread; implementations must be quick
 * and must not throw (exceptions are logged and ignored).
 */
public interface TurnObserver {
    /** Receives the next piece of assistant text as the model streams it. */
    default void onText(String delta) {}

    /** A tool call started ({@code running}) or ended ({@code ok}, {@code error}). */
    default void onTool(String name, String status) {}

    /** The turn finished; called once, or {@link #onError} instead. */
    default void onDone(TurnResult result) {}

    /** The turn failed with a user-facing error; called once, or {@link #onDone} instead. */
    default void onError(BlufioException error) {}

    /** An observer that ignores everything. */
    TurnObserver NONE = new TurnObserver() {};
}
