package io.blufio.auth;

import java.util.Locale;
import java.util.Map;

/**
 * The signature base of RFC 9421 section 2.5: one line {@code "<component>": <value>} per covered
 * component, in the order of the covered list, then {@code "@signature-params": <inner list>}; lines
 * joined by LF, no trailing LF. Also the derived component values of section 2.2 that blufio covers.
 */
final class SignatureBase {
    private SignatureBase() {}

    /**
     * Builds the base from the covered components and their values (in covered order) and the serialized
     * {@code @signature-params} value.
     *
     * @throws IllegalArgumentException if a value contains CR or LF (it would forge extra lines)
     */
    static String build(Map<String, String> componentValues, String signatureParams) {
        StringBuilder out = new StringBuilder();
        componentValues.forEach((name, value) -> {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("component " + name + " contains a line break");
            }
            out.append('"').append(name).append("\": ").append(value).append('\n');
        });
        return out.append("\"@signature-params\": ").append(signatureParams).toString();
    }

    /** Returns the {@code @method} value (section 2.2.1): the method name, upper-cased. */
    static String method(String method) {
        return method.toUpperCase(Locale.ROOT);
    }

    /** Returns the {@code @path} value (section 2.2.6): the absolute path as sent; empty becomes {@code /}. */
    static String path(String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * Returns the {@code @query} value (section 2.2.7): {@code ?} and the raw query as sent, or {@code ?}
     * alone when the request has none.
     */
    static String query(String rawQuery) {
        return rawQuery == null ? "?" : "?" + rawQuery;
    }
}
