/**
 * The Telegram channel: a thin Bot API client on {@code java.net.http} (https://core.telegram.org/bots/api),
 * our own {@code getUpdates} loop with an offset persisted per bot, backoff and a stall watchdog, pairing of
 * strangers, and the {@code ReplyTransport} the agent's delivery worker sends replies with: rendered to
 * Telegram HTML, split at 4096 characters (code blocks closed and reopened), previewed by throttled edits.
 * Persistence goes through {@link io.blufio.channel.telegram.TelegramState} and its {@code Storage}, which the assembly implements; must not import {@code store}, {@code ops} or
 * {@code cli}, and must never log the bot token or a URL that contains it.
 */
package io.blufio.channel.telegram;
