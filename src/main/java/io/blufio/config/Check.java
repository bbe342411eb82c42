package io.blufio.config;

import java.util.Arrays;
import java.util.List;

/** Value checks used by the config records; each throws {@link ConfigException} naming the key. */
final class Check {
    private Check() {}

    static int atLeast(String key, int value, int min) {
        if (value < min) throw new ConfigException(key, "must be at least " + min + ", got " + value);
        return value;
    }

    static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static double between(String key, double value, double min, double max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static String oneOf(String key, String value, String... allowed) {
        if (!Arrays.asList(allowed).contains(value)) throw notOneOf(key, value, Arrays.asList(allowed));
        return value;
    }

    /**
     * Returns the constant of {@code type} whose {@link ConfigChoice#wireName()} is {@code value}, exactly (as the
     * file spells it: lower case); the one place a choice is read.
     *
     * @throws ConfigException "must be one of a, b, got "x"" naming {@code key}
     */
    static <E extends Enum<E> & ConfigChoice> E oneOf(String key, String value, Class<E> type) {
        for (E choice : type.getEnumConstants()) {
            if (choice.wireName().equals(value)) return choice;
        }
        throw notOneOf(key, value, Arrays.stream(type.getEnumConstants()).map(ConfigChoice::wireName).toList());
    }

    private static ConfigException notOneOf(String key, String value, List<String> allowed) {
        return new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
    }

    /**
     * Requires an absolute {@code http} or {@code https} URL with a host (RFC 3986), e.g. a provider's base URL;
     * {@code localhost:8080} or {@code api.openai.com/v1} are refused here, not at the first request.
     */
    static String httpUrl(String key, String value) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (uri == null || scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(key, "must be an absolute http(s) URL such as https://host[:port][/path], got \"" + value + "\"");
        }
        return value;
    }

    /** Returns {@code value} when it names a time zone {@link java.time.ZoneId#of} knows (IANA names like {@code Europe/Paris}, or offsets). */
    static String zone(String key, String value) {
        try {
            java.time.ZoneId.of(value);
            return value;
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(key, "is not a time zone: \"" + value + "\"; use an IANA name such as Europe/Paris, America/New_York or UTC");
        }
    }

    /**
     * Returns {@code ZoneId.systemDefault().getId()} without creating the zone: {@code ZoneId.of} of a region
     * loads java.time's {@code ZoneRulesProvider}, whose {@link java.util.ServiceLoader} lookup opens every jar of
     * the class path (about 20 ms of each CLI command that reads the configuration; issue 14). The id is the
     * JVM's own default, mapped through {@link java.time.ZoneId#SHORT_IDS} as {@code TimeZone.toZoneId} does.
     */
    static String systemZoneId() {
        String id = java.util.TimeZone.getDefault().getID();
        return java.time.ZoneId.SHORT_IDS.getOrDefault(id, id);
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
