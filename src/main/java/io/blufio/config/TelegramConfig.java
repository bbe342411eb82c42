package io.blufio.config;

import java.util.List;

/**
 * {@code [telegram]}: the Bot API channel (https://core.telegram.org/bots/api). Off without a token.
 *
 * @param botToken secret; prefer {@code TELEGRAM_BOT_TOKEN} or the vault
 * @param allowedUsers numeric user ids or {@code @usernames} served without pairing
 * @param apiBaseUrl Bot API root; tests point it at a loopback stand-in
 * @param pollTimeoutS long-poll timeout of {@code getUpdates}, whole seconds
 * @param maxPhotoBytes largest photo downloaded, in bytes (default 5 MiB, at most the Bot API's 20 MB
 *     download limit): the biggest {@code PhotoSize} not above it is taken; none fits, the photo is refused
 * @param maxDocumentBytes largest document or voice note downloaded, in bytes (default 10 MiB, at most 20 MB);
 *     a larger one is refused before any download
 */
public record TelegramConfig(String botToken, List<String> allowedUsers, String apiBaseUrl, Integer pollTimeoutS,
        Integer maxPhotoBytes, Integer maxDocumentBytes) {
    /** The Bot API's own limit on {@code getFile} downloads: 20 MB (https://core.telegram.org/bots/api#getfile). */
    public static final int BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

    public TelegramConfig {
        allowedUsers = allowedUsers == null ? List.of() : List.copyOf(allowedUsers);
        apiBaseUrl = Check.httpUrl("telegram.api_base_url", Check.or(apiBaseUrl, "https://api.telegram.org"));
        pollTimeoutS = Check.between("telegram.poll_timeout_s", Check.or(pollTimeoutS, 30), 1, 300);
        maxPhotoBytes = Check.between("telegram.max_photo_bytes", Check.or(maxPhotoBytes, 5 * 1024 * 1024), 1, BOT_API_DOWNLOAD_LIMIT);
        maxDocumentBytes = Check.between("telegram.max_document_bytes", Check.or(maxDocumentBytes, 10 * 1024 * 1024), 1,
                BOT_API_DOWNLOAD_LIMIT);
    }

    @Override
    public String toString() {
        return "TelegramConfig[allowedUsers=" + allowedUsers + ", apiBaseUrl=" + apiBaseUrl + ", maxPhotoBytes=" + maxPhotoBytes
                + ", maxDocumentBytes=" + maxDocumentBytes + "]";
    }
}
