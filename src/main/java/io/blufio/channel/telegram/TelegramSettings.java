package io.blufio.channel.telegram;

import java.util.List;

/**
 * What the Telegram channel needs of {@code [telegram]} (SPEC section 5), handed over by the assembly so that
 * {@code channel} never reads {@code config} (DESIGN.md's package table). Values arrive validated by the config loader.
 *
 * @param botToken secret bot token; never logged
 * @param allowedUsers numeric user ids or {@code @usernames} served without pairing
 * @param apiBaseUrl Bot API root (https://core.telegram.org/bots/api); tests point it at a loopback stand-in
 * @param pollTimeoutS long-poll timeout of {@code getUpdates}, whole seconds
 */
public record TelegramSettings(String botToken, List<String> allowedUsers, String apiBaseUrl, int pollTimeoutS) {
    public TelegramSettings {
        allowedUsers = List.copyOf(allowedUsers);
    }

    @Override
    public String toString() {
        return "TelegramSettings[allowedUsers=" + allowedUsers + ", apiBaseUrl=" + apiBaseUrl + ", pollTimeoutS=" + pollTimeoutS + "]";
    }
}
