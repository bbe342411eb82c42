package io.blufio.store;

import java.util.Locale;

/**
 * The states of a reply in the outbox (table {@code outbox}, column {@code state}):
 * {@code pending -> sending -> delivered}, or back to {@code pending} with a later retry time, or
 * {@code failed} for good. Spelled once here; the SQL names are {@link #sql()}.
 */
public enum ReplyState {
    /** Committed with its turn (or put back for a retry); a delivery worker may claim it once due. */
    PENDING,
    /** Claimed by a delivery worker, which sends its parts. */
    SENDING,
    /** Every part was sent. */
    DELIVERED,
    /** Given up: the channel refused it for good (Telegram 400/403) or it kept failing; the reason is kept. */
    FAILED;

    /** Returns the name used in the database and in JSON, e.g. {@code pending}. */
    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the state named {@code sql} in the database. */
    public static ReplyState of(String sql) {
        return valueOf(sql.toUpperCase(Locale.ROOT));
    }
}
