/**
 * The Telegram channel: a thin Bot API client on {@code java.net.http} (https://core.telegram.org/bots/api),
 * our own {@code getUpdates} loop with a persisted offset, backoff and a stall watchdog, pairing of
 * strangers, and replies rendered to Telegram HTML, split at 4096 characters and streamed by edits.
 * Persistence goes through {@code agent.TelegramState}; must not import {@code store}, {@code ops} or
 * {@code cli}, and must never log the bot token or a URL that contains it.
 */
package io.blufio.channel.telegram;
