package io.blufio.channel.telegram;

/**
 * What the Telegram channel accepts besides text (SPEC section 15).
 *
 * @param maxPhotoBytes {@code telegram.max_photo_bytes}: the largest photo size downloaded, bytes
 * @param maxDocumentBytes {@code telegram.max_document_bytes}: the largest document or voice note downloaded, bytes
 * @param maxDocumentChars {@code agent.max_document_chars}: characters of a document's text passed on, at most
 * @param transcription true when {@code [transcription]} is configured (voice notes are downloaded)
 */
public record MediaPolicy(int maxPhotoBytes, int maxDocumentBytes, int maxDocumentChars, boolean transcription) {
    /** SPEC section 15's defaults, transcription off: 5 MiB photos, 10 MiB documents, 100,000 characters. */
    public static final MediaPolicy DEFAULTS = new MediaPolicy(5_242_880, 10_485_760, 100_000, false);
}
