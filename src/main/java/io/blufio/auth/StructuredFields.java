package io.blufio.auth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser and serializer for the part of RFC 8941 (Structured Field Values) that the
 * {@code Signature-Input} and {@code Signature} fields of RFC 9421 and {@code Content-Digest} of RFC 9530
 * use: dictionaries (section 3.2) whose members are inner lists (3.1.1) or bare items, with parameters
 * (3.1.2). Bare items: integer, string, token, byte sequence, boolean. Parsing follows section 4.2.
 *
 * <p>Refused: decimals, lists nested in items, non-ASCII input, fields over {@link #MAX_FIELD_CHARS}.
 * One deliberate deviation: a dictionary key or parameter given twice is an error (RFC 8941 keeps the
 * last), so no two readers of one header can disagree on which member counts.
 *
 * <p>Parsed values are {@link Long}, {@link String}, {@link Token}, {@code byte[]} or {@link Boolean}.
 */
final class StructuredFields {
    /** Longest field value parsed, in characters; longer ones are refused unread. */
    static final int MAX_FIELD_CHARS = 8_192;
    private static final int MAX_INTEGER_DIGITS = 15;

    /** A dictionary member: a bare item or an inner list, each with parameters. */
    sealed interface Member permits Item, InnerList {}

    /** A bare item and its parameters. */
    record Item(Object value, Map<String, Object> params) implements Member {}

    /** An inner list of items and its parameters. */
    record InnerList(List<Item> items, Map<String, Object> params) implements Member {}

    /** An RFC 8941 token (unquoted). */
    record Token(String value) {}

    /** The field is not valid in the supported subset; the message names the offset and the problem. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    private final String in;
    private int pos;

    private StructuredFields(String in) {
        this.in = in;
    }

    /** Parses a dictionary field value, keeping member order. */
    static Map<String, Member> parseDictionary(String field) throws ParseException {
        if (field.length() > MAX_FIELD_CHARS) throw new ParseException("field longer than " + MAX_FIELD_CHARS + " characters");
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) > 0x7e || (field.charAt(i) < 0x20 && field.charAt(i) != '\t')) {
                throw new ParseException("non-ASCII or control character at offset " + i);
            }
        }
        StructuredFields p = new StructuredFields(field);
        Map<String, Member> out = new LinkedHashMap<>();
        p.skip(" ");
        while (!p.atEnd()) {
            String key = p.key();
            Member member;
            if (p.next('=')) {
                member = p.peek() == '(' ? p.innerList() : new Item(p.bareItem(), p.params());
            } else {
                member = new Item(Boolean.TRUE, p.params());
            }
            if (out.putIfAbsent(key, member) != null) throw p.error("duplicate key \"" + key + "\"");
            p.skip(" \t");
            if (p.atEnd()) break;
            if (!p.next(',')) throw p.error("expected ',' between members");
            p.skip(" \t");
            if (p.atEnd()) throw p.error("trailing ','");
        }
        return out;
    }

    private InnerList innerList() throws ParseException {
        pos++; // '('
        List<Item> items = new ArrayList<>();
        while (true) {
            skip(" ");
            if (atEnd()) throw error("unterminated inner list");
            if (next(')')) return new InnerList(List.copyOf(items), params());
            items.add(new Item(bareItem(), params()));
            if (!atEnd() && peek() != ' ' && peek() != ')') throw error("expected ' ' or ')' after an item");
        }
    }

    private Map<String, Object> params() throws ParseException {
        Map<String, Object> params = new LinkedHashMap<>();
        while (next(';')) {
            skip(" ");
            String key = key();
            Object value = next('=') ? bareItem() : Boolean.TRUE;
            if (params.putIfAbsent(key, value) != null) throw error("duplicate parameter \"" + key + "\"");
        }
        return params;
    }

    private String key() throws ParseException {
        int start = pos;
        if (atEnd() || !(isLcAlpha(peek()) || peek() == '*')) throw error("expected a key (a-z or '*')");
        while (!atEnd() && (isLcAlpha(peek()) || isDigit(peek()) || "_-.*".indexOf(peek()) >= 0)) pos++;
        return in.substring(start, pos);
    }

    private Object bareItem() throws ParseException {
        if (atEnd()) throw error("expected an item");
        char c = peek();
        if (c == '-' || isDigit(c)) return integer();
        if (c == '"') return string();
        if (c == ':') return byteSequence();
        if (c == '?') return bool();
        if (c == '*' || Character.isLetter(c)) return token();
        throw error("unsupported item starting with '" + c + "'");
    }

    private Long integer() throws ParseException {
        int start = pos;
        next('-');
        int digitsStart = pos;
        while (!atEnd() && isDigit(peek())) pos++;
        int digits = pos - digitsStart;
        if (digits == 0) throw error("expected a digit");
        if (!atEnd() && peek() == '.') throw error("decimals are not supported");
        if (digits > MAX_INTEGER_DIGITS) throw error("integer longer than " + MAX_INTEGER_DIGITS + " digits");
        return Long.parseLong(in.substring(start, pos));
    }

    private String string() throws ParseException {
        pos++; // '"'
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = in.charAt(pos++);
            if (c == '"') return out.toString();
            if (c == '\\') {
                if (atEnd() || (peek() != '"' && peek() != '\\')) throw error("bad escape in string");
                c = in.charAt(pos++);
            } else if (c < 0x20 || c > 0x7e) {
                throw error("invalid character in string");
            }
            out.append(c);
        }
        throw error("unterminated string");
    }

    private byte[] byteSequence() throws ParseException {
        int start = ++pos;
        int end = in.indexOf(':', start);
        if (end < 0) throw error("unterminated byte sequence");
        String base64 = in.substring(start, end);
        if (!base64.matches("[A-Za-z0-9+/=]*")) throw error("invalid base64 character in byte sequence");
        pos = end + 1;
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw error("invalid base64 in byte sequence");
        }
    }

    private Boolean bool() throws ParseException {
        pos++; // '?'
        if (next('1')) return Boolean.TRUE;
        if (next('0')) return Boolean.FALSE;
        throw error("expected ?0 or ?1");
    }

    private Token token() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || "!#$%&'*+-.^_`|~:/".indexOf(peek()) >= 0)) pos++;
        return new Token(in.substring(start, pos));
    }

    /** Serializes an inner list with its parameters (RFC 8941 section 4.1.1.1), as used by {@code @signature-params}. */
    static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) out.append(' ');
            Item item = list.items().get(i);
            out.append(serializeBareItem(item.value())).append(serializeParams(item.params()));
        }
        return out.append(')').append(serializeParams(list.params())).toString();
    }

    private static String serializeParams(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> {
            out.append(';').append(key);
            if (!Boolean.TRUE.equals(value)) out.append('=').append(serializeBareItem(value));
        });
        return out.toString();
    }

    private static String serializeBareItem(Object value) {
        return switch (value) {
            case Long l -> Long.toString(l);
            case String s -> quote(s);
            case Token t -> t.value();
            case byte[] b -> ":" + Base64.getEncoder().encodeToString(b) + ":";
            case Boolean b -> b ? "?1" : "?0";
            default -> throw new IllegalArgumentException("cannot serialize a " + value.getClass().getSimpleName());
        };
    }

    /** Serializes an RFC 8941 string: printable ASCII only, {@code "} and {@code \} escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) throw new IllegalArgumentException("string item must be printable ASCII");
            if (c == '"' || c == '\\') out.append('\\');
            out.append(c);
        }
        return out.append('"').toString();
    }

    private boolean atEnd() { return pos >= in.length(); }

    private char peek() { return in.charAt(pos); }

    private boolean next(char c) {
        if (!atEnd() && peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skip(String chars) {
        while (!atEnd() && chars.indexOf(peek()) >= 0) pos++;
    }

    private ParseException error(String problem) {
        return new ParseException(problem + " at offset " + pos);
    }

    private static boolean isLcAlpha(char c) { return c >= 'a' && c <= 'z'; }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
}
