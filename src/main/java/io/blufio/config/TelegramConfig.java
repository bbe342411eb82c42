package io.blufio.config;

import java.util.List;

/**
 * {@code [telegram]}: the Bot API channel (https://core.telegram.org/bots/api). Off without a token.
 *
 * @param botToken secret; prefer {@code TELEGRAM_BOT_TOKEN} or the vault
 * @param allowedUsers numeric user ids or {@code @usernames} served without pairing
 * @param apiBaseUrl Bot API root; tests point it at a loopback stand-in
 * @param pollTimeoutS long-poll timeout of {@code getUpdates}, whole seconds
 */
public record TelegramConfig(String botToken, List<String> allowedUsers, String apiBaseUrl, Integer pollTimeoutS) {
    public TelegramConfig {
        allowedUsers = allowedUsers == null ? List.of() : List.copyOf(allowedUsers);
        apiBaseUrl = Check.httpUrl("telegram.api_base_url", Check.or(apiBaseUrl, "https://api.telegram.org"));
        pollTimeoutS = Check.between("telegram.poll_timeout_s", Check.or(pollTimeoutS, 30), 1, 300);
    }

    @Override
    public String toString() {
        return "TelegramConfig[allowedUsers=" + allowedUsers + ", apiBaseUrl=" + apiBaseUrl + "]";
    }
}
