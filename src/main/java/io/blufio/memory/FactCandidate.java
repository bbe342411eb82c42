package io.blufio.memory;

/**
 * A durable fact about the user that the extraction model found in a conversation, before it is saved.
 *
 * @param content the fact, one sentence in the third person ("The user's cat is named Pixel")
 * @param category a short category from the model ({@code person}, {@code preference}, ...), or null
 * @param replaces the id of a shown memory the model says this fact contradicts (same subject, new value), or null
 */
public record FactCandidate(String content, String category, Long replaces) {}
