package io.blufio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction layer: every log line (through the Logback encoder in {@code cli}), every
 * {@link BlufioException} message (API error bodies, CLI errors, turn errors kept in the inbox) and every
 * stack trace the CLI prints passes through {@link #redact}. It masks
 * <ul>
 *   <li>every value {@link #register registered} as a secret (the resolved API keys and bot token, the
 *       vault passphrase), also in its URL-encoded form;</li>
 *   <li>the token of a Telegram URL segment {@code /bot<TOKEN>/} and any {@code <digits>:<30+ chars>} token;</li>
 *   <li>the value of an {@code Authorization}, {@code Proxy-Authorization}, {@code x-api-key} or
 *       {@code api-key} header, in {@code name: value}, {@code name=value}, {@code name=[value]} and JSON form;</li>
 *   <li>{@code sk-...} keys (Anthropic, OpenAI) of 16 or more characters after {@code sk-}.</li>
 * </ul>
 * Thread-safe; registration is rare (start-up), redaction lock-free.
 */
public final class Redactor {
    /** Shortest value {@link #register} accepts, in characters; shorter ones would mask ordinary words. */
    public static final int MIN_SECRET_CHARS = 8;
    /** Shortest secret whose last four characters {@link #mask} shows; shorter ones show none. */
    static final int MIN_CHARS_TO_SHOW_TAIL = 16;
    /** What replaces a secret. */
    public static final String MASK = "****";

    private static final Pattern BOT_SEGMENT = Pattern.compile("(?<=/bot)[^/\\s?#\"'<>]*:[^/\\s?#\"'<>]*");
    private static final Pattern BOT_TOKEN = Pattern.compile("(?<![0-9])[0-9]{5,}:[A-Za-z0-9_-]{30,}");
    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization|x-api-key|api-key)(\"?\\s*[:=]\\s*\\[?\\s*\"?)"
                    + "((?:bearer|basic|token)\\s+)?([^\\s\"',\\]}]+)");
    private static final Pattern SK_KEY = Pattern.compile("(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{16,}");

    /** Registered secrets and their encoded forms, longest first so that no part of one is left over. */
    private static volatile List<String> secrets = List.of();

    private Redactor() {}

    /**
     * Adds {@code secret} to the values masked from now on. Null, blank and values shorter than
     * {@link #MIN_SECRET_CHARS} are ignored (they are not masked: keep real secrets longer).
     */
    public static synchronized void register(String secret) {
        if (secret == null || secret.strip().length() < MIN_SECRET_CHARS) return;
        List<String> next = new ArrayList<>(secrets);
        for (String form : List.of(secret, secret.strip(), URLEncoder.encode(secret, StandardCharsets.UTF_8))) {
            if (!next.contains(form)) next.add(form);
        }
        next.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(next);
    }

    /** Adds a secret held in a char array (the vault passphrase) without keeping the array. */
    public static void register(char[] secret) {
        if (secret != null) register(new String(secret));
    }

    /** Returns {@code text} with every secret and secret-shaped value masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) out = out.replace(s, mask(s));
        }
        out = BOT_SEGMENT.matcher(out).replaceAll(MASK);
        out = BOT_TOKEN.matcher(out).replaceAll(MASK);
        out = replaceHeaders(out);
        return SK_KEY.matcher(out).replaceAll("sk-" + MASK);
    }

    /**
     * Returns the masked form shown instead of {@code secret}: {@code ****} plus its last four characters
     * when it has at least {@link #MIN_CHARS_TO_SHOW_TAIL}, else {@code ****} alone (as {@code config get} prints).
     */
    public static String mask(String secret) {
        if (secret == null || secret.length() < MIN_CHARS_TO_SHOW_TAIL) return MASK;
        return MASK + secret.substring(secret.length() - 4);
    }

    /** Returns true if {@code text} holds a registered secret in clear (used by tests and doctor). */
    public static boolean leaks(String text) {
        if (text == null) return false;
        for (String s : secrets) {
            if (text.contains(s)) return true;
        }
        return false;
    }

    private static String replaceHeaders(String text) {
        Matcher m = HEADER.matcher(text);
        if (!m.find()) return text;
        StringBuilder sb = new StringBuilder();
        do {
            String value = m.group(4);
            String replacement = value.startsWith(MASK) ? m.group() : m.group(1) + m.group(2)
                    + (m.group(3) == null ? "" : m.group(3)) + MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
