package io.blufio.memory;

import java.time.Instant;

/**
 * One remembered fact.
 *
 * @param id row id (stable; {@code memory forget ID} takes it)
 * @param text the fact, as saved
 * @param source who saved it: {@code cli}, {@code tool:<session key>}, ...
 * @param createdAt when it was saved
 * @param status {@code active} (searched) or {@code archived} (kept, not searched)
 */
public record Memory(long id, String text, String source, Instant createdAt, String status) {}
