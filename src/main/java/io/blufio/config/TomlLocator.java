package io.blufio.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the line and column of each key in a TOML text. Jackson's tree keeps no locations, so this
 * scans the text once: it follows {@code [table]} headers, {@code key =} and {@code "key" =} and dotted
 * keys at the start of a line, and the keys of one-line inline tables; multi-line strings and arrays are
 * skipped. Lines and columns are 1-based. Meant for error messages only: the parser stays Jackson's.
 */
final class TomlLocator {
    /** Where a key or table header starts in the file. */
    record Position(int line, int column) {}

    private final Map<String, Position> positions = new HashMap<>();

    private TomlLocator(String text) {
        scan(text);
    }

    /** Scans {@code text}, which should be syntactically valid TOML (otherwise locations may be missing). */
    static TomlLocator of(String text) {
        return new TomlLocator(text);
    }

    /** Returns where {@code dottedKey} is written, or where its nearest enclosing table or key is. */
    Optional<Position> find(String dottedKey) {
        for (String k = dottedKey; !k.isEmpty(); k = k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : "") {
            Position p = positions.get(k);
            if (p != null) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Returns true if {@code dottedKey} itself (not only an enclosing table) appears in the text. */
    boolean contains(String dottedKey) {
        return positions.containsKey(dottedKey);
    }

    private void scan(String text) {
        String[] lines = text.split("\r?\n", -1);
        String table = "";
        String closeQuote = null;  // inside a multi-line string ending with this delimiter
        int arrayDepth = 0;        // inside a multi-line array value
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (closeQuote != null) {
                if (line.contains(closeQuote)) closeQuote = null;
                continue;
            }
            if (arrayDepth > 0) {
                arrayDepth += bracketBalance(line, 0);
                continue;
            }
            int i = skipSpace(line, 0);
            if (i >= line.length() || line.charAt(i) == '#') continue;
            if (line.charAt(i) == '[') {
                int start = line.startsWith("[[", i) ? i + 2 : i + 1;
                List<String> parts = new ArrayList<>();
                parseKey(line, start, parts);
                table = String.join(".", parts);
                record(table, n, i);
                continue;
            }
            List<String> parts = new ArrayList<>();
            int end = skipSpace(line, parseKey(line, i, parts));
            if (parts.isEmpty() || end >= line.length() || line.charAt(end) != '=') continue;
            String prefix = table.isEmpty() ? "" : table + ".";
            for (int p = 1; p <= parts.size(); p++) record(prefix + String.join(".", parts.subList(0, p)), n, i);
            String full = prefix + String.join(".", parts);
            int value = skipSpace(line, end + 1);
            if (line.startsWith("\"\"\"", value) || line.startsWith("'''", value)) {
                String q = line.substring(value, value + 3);
                if (line.indexOf(q, value + 3) < 0) closeQuote = q;
            } else if (value < line.length() && line.charAt(value) == '[') {
                arrayDepth = Math.max(0, bracketBalance(line, value));
            } else if (value < line.length() && line.charAt(value) == '{') {
                scanInlineTable(line, value, full, n);
            }
        }
    }

    /** Records the keys of a one-line inline table {@code { a = 1, b = "x" }} starting at {@code brace}. */
    private void scanInlineTable(String line, int brace, String table, int lineIndex) {
        int i = brace + 1;
        while (i < line.length()) {
            i = skipSpace(line, i);
            List<String> parts = new ArrayList<>();
            int keyStart = i;
            int end = skipSpace(line, parseKey(line, i, parts));
            if (parts.isEmpty() || end >= line.length() || line.charAt(end) != '=') return;
            record(table + "." + String.join(".", parts), lineIndex, keyStart);
            i = end + 1;
            int depth = 0;
            char quote = 0;
            for (; i < line.length(); i++) {  // skip the value up to the next top-level comma
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\' && quote == '"') i++;
                    else if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') quote = c;
                else if (c == '[' || c == '{') depth++;
                else if ((c == ']' || c == '}') && depth-- == 0) return;
                else if (c == ',' && depth == 0) break;
            }
            i++;
        }
    }

    private void record(String key, int lineIndex, int charIndex) {
        positions.putIfAbsent(key, new Position(lineIndex + 1, charIndex + 1));
    }

    /** Parses a possibly dotted, possibly quoted key at {@code i} into {@code parts}; returns the end index. */
    private static int parseKey(String s, int i, List<String> parts) {
        while (true) {
            i = skipSpace(s, i);
            if (i >= s.length()) return i;
            char c = s.charAt(i);
            int start = i;
            if (c == '"' || c == '\'') {
                StringBuilder sb = new StringBuilder();
                for (i++; i < s.length() && s.charAt(i) != c; i++) {
                    if (c == '"' && s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                    sb.append(s.charAt(i));
                }
                if (i >= s.length()) return start;  // unterminated: not a key
                parts.add(sb.toString());
                i++;
            } else {
                while (i < s.length() && isBare(s.charAt(i))) i++;
                if (i == start) return start;
                parts.add(s.substring(start, i));
            }
            int next = skipSpace(s, i);
            if (next >= s.length() || s.charAt(next) != '.') return i;
            i = next + 1;
        }
    }

    private static boolean isBare(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }

    /** Returns opened minus closed square brackets from {@code from}, outside strings and comments. */
    private static int bracketBalance(String s, int from) {
        int balance = 0;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '#') break;
            else if (c == '"' || c == '\'') quote = c;
            else if (c == '[') balance++;
            else if (c == ']') balance--;
        }
        return balance;
    }
}
