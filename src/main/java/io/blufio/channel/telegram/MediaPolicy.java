package io.blufio.channel.telegram;

import io.blufio.config.BlufioConfig;
import io.blufio.config.TelegramConfig;

/**
 * What the Telegram channel accepts besides text (SPEC section 15).
 *
 * @param maxPhotoBytes {@code telegram.max_photo_bytes}: the largest photo size downloaded, bytes
 * @param maxDocumentBytes {@code telegram.max_document_bytes}: the largest document or voice note downloaded, bytes
 * @param maxDocumentChars {@code agent.max_document_chars}: characters of a document's text passed on, at most
 * @param transcription true when {@code [transcription]} is configured (voice notes are downloaded)
 */
public record MediaPolicy(int maxPhotoBytes, int maxDocumentBytes, int maxDocumentChars, boolean transcription) {
    /** Returns the policy of {@code cfg}. */
    public static MediaPolicy of(BlufioConfig cfg) {
        return new MediaPolicy(cfg.telegram().maxPhotoBytes(), cfg.telegram().maxDocumentBytes(), cfg.agent().maxDocumentChars(),
                cfg.transcription().enabled());
    }

    /** Returns the defaults of {@code telegram} with transcription off. */
    public static MediaPolicy defaults(TelegramConfig telegram) {
        return new MediaPolicy(telegram.maxPhotoBytes(), telegram.maxDocumentBytes(),
                BlufioConfig.defaults().agent().maxDocumentChars(), false);
    }
}
