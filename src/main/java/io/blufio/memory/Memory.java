package io.blufio.memory;

import java.time.Instant;

/**
 * One remembered fact.
 *
 * @param id row id (stable; {@code memory forget ID} takes it)
 * @param text the fact, as saved
 * @param source how it came: {@code explicit} ({@code memory add}, the {@code memory_save} tool) or
 *     {@code extracted} (found in a conversation by automatic extraction)
 * @param origin who saved it: {@code cli}, {@code tool}, {@code session:<session key>}, ...
 * @param category the extraction's category ({@code preference}, {@code person}, ...), or null
 * @param status {@code active} (searched, sent to the model), {@code superseded} (contradicted by the fact
 *     {@code supersededBy}; kept) or {@code forgotten} (kept as a tombstone, never searched)
 * @param supersededBy the fact that replaced this one, or null
 * @param createdAt when it was saved
 */
public record Memory(long id, String text, String source, String origin, String category, String status, Long supersededBy,
        Instant createdAt) {
    /** {@link #source()} of a fact saved on purpose. */
    public static final String EXPLICIT = "explicit";
    /** {@link #source()} of a fact found by automatic extraction. */
    public static final String EXTRACTED = "extracted";
    /** {@link #status()} of a fact in use. */
    public static final String ACTIVE = "active";
    /** {@link #status()} of a contradicted fact. */
    public static final String SUPERSEDED = "superseded";
    /** {@link #status()} of a forgotten fact. */
    public static final String FORGOTTEN = "forgotten";
}
