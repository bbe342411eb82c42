package io.blufio.agent;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A per-message routing override typed at the start of a message (SPEC section 13): {@code /simple},
 * {@code /standard}, {@code /complex} or {@code /model NAME}, case-insensitive, optionally with a Telegram
 * bot suffix ({@code /complex@my_bot}). The prefix is removed before the model sees the text. A prefix with
 * no text after it is not an override: the message goes on as typed.
 *
 * @param text the message without the prefix (the whole message when there is none)
 * @param tier the tier asked for, or null
 * @param model the model asked for with {@code /model}, or null
 */
record RouteOverride(String text, Tier tier, String model) {
    private static final Pattern TIER = Pattern.compile("^/(simple|standard|complex)(?:@\\w+)?\\s+(\\S.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern MODEL = Pattern.compile("^/model(?:@\\w+)?\\s+(\\S+)\\s+(\\S.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** Returns the override at the start of {@code message}, or one with neither tier nor model. */
    static RouteOverride parse(String message) {
        String m = message.stripLeading();
        Matcher t = TIER.matcher(m);
        if (t.matches()) return new RouteOverride(t.group(2), Tier.valueOf(t.group(1).toUpperCase(Locale.ROOT)), null);
        Matcher mm = MODEL.matcher(m);
        if (mm.matches()) return new RouteOverride(mm.group(2), null, mm.group(1));
        return new RouteOverride(message, null, null);
    }

    /** Returns true when the message asked for a tier or a model. */
    boolean present() {
        return tier != null || model != null;
    }
}
