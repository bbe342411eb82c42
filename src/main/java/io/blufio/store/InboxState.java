package io.blufio.store;

/**
 * The states of an inbox row ({@code inbox.state}, V1.sql): {@code pending} until the dispatcher leases it,
 * {@code leased} while its session actor holds it, then {@code done} or {@code failed} for good. The one
 * spelling of these strings outside SQL text.
 */
public enum InboxState {
    /** Accepted, waiting for its session actor. */
    PENDING,
    /** Held by a session actor (re-queued as pending at the next start if the process dies). */
    LEASED,
    /** Answered; {@code result} is the turn's JSON. */
    DONE,
    /** Ended with an error; {@code result} is {@code {code, message}}. */
    FAILED;

    /** Returns the value stored in {@code inbox.state}, e.g. {@code done}. */
    public String sql() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns true when {@code stored} (an {@code inbox.state} value) is this state. */
    public boolean is(String stored) {
        return sql().equals(stored);
    }

    /** Returns true for {@link #DONE} and {@link #FAILED}: nothing more happens to the row. */
    public static boolean finished(String stored) {
        return DONE.is(stored) || FAILED.is(stored);
    }
}
