package io.blufio.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.config.KeyCatalog.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a parsed TOML tree against the {@link KeyCatalog} before binding: unknown sections and keys
 * (with a "did you mean"), and values of the wrong type (with the expected type and the value seen,
 * never a secret's value). Every bad entry is reported and removed, so binding can go on and find the
 * range errors of the rest.
 */
final class SchemaCheck {
    /** Longest value text quoted in a message; longer ones are cut with an ellipsis. */
    private static final int MAX_QUOTED_CHARS = 60;

    private SchemaCheck() {}

    /** Checks {@code root} (the whole file) in place, adding a problem for each entry it removes. */
    static void check(ObjectNode root, ProblemList problems) {
        checkTable(root, KeyCatalog.ROOT, KeyCatalog.instance(), problems);
    }

    private static void checkTable(ObjectNode table, String path, KeyCatalog catalog, ProblemList problems) {
        List<String> names = new ArrayList<>();
        table.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String key = path.isEmpty() ? name : path + "." + name;
            JsonNode value = table.get(name);
            ValueType type = catalog.typeOf(key);
            if (catalog.isSection(key)) {
                if (value instanceof ObjectNode child) {
                    checkTable(child, key, catalog, problems);
                } else {
                    table.remove(name);
                    problems.atKey(key, "`" + key + "` is a section and must be a table ([" + key + "]), got "
                            + describe(key, value));
                }
            } else if (type == ValueType.TABLE_LIST) {
                checkTableList(table, name, key, value, catalog, problems);
            } else if (type != null) {
                Checked checked = checkValue(key, value, type);
                if (checked.problem() != null) {
                    table.remove(name);
                    problems.atKey(key, checked.problem());
                } else {
                    table.set(name, checked.value());
                }
            } else {
                table.remove(name);
                problems.atKey(key, unknown(key, name, path, value.isObject(), catalog));
            }
        }
    }

    /**
     * Checks an array of tables ({@code [[mcp.servers]]}): each element's keys against the element record, removing
     * bad entries (or the whole value when it is not an array of tables). Problems name the key as
     * {@code mcp.servers.command} and say which table it is in.
     */
    private static void checkTableList(ObjectNode table, String name, String key, JsonNode value, KeyCatalog catalog, ProblemList problems) {
        if (!value.isArray()) {
            table.remove(name);
            problems.atKey(key, "`" + key + "` must be an array of tables, written as [[" + key + "]] sections, got " + describe(key, value));
            return;
        }
        var fields = catalog.elementTypes(key);
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        int index = 0;
        for (JsonNode element : value) {
            index++;
            if (!(element instanceof ObjectNode item)) {
                problems.atKey(key, "`" + key + "` must hold tables ([[" + key + "]]), got " + describe(key, element) + " as element " + index);
                continue;
            }
            String which = " (in [[" + key + "]] number " + index + (item.path("name").isTextual() ? ", name \"" + item.get("name").asText() + "\")" : ")");
            List<String> names = new ArrayList<>();
            item.fieldNames().forEachRemaining(names::add);
            for (String field : names) {
                String fieldKey = key + "." + field;
                ValueType type = fields.get(field);
                if (type == null) {
                    item.remove(field);
                    problems.atKey(fieldKey, "unknown key `" + fieldKey + "`" + which + Suggestions.didYouMean(field, List.copyOf(fields.keySet()))
                            + " Valid keys in [[" + key + "]]: " + String.join(", ", fields.keySet()));
                    continue;
                }
                Checked checked = checkValue(fieldKey, item.get(field), type);
                if (checked.problem() != null) {
                    item.remove(field);
                    problems.atKey(fieldKey, checked.problem() + which);
                } else {
                    item.set(field, checked.value());
                }
            }
            kept.add(item);
        }
        table.set(name, kept);
    }

    private static String unknown(String key, String name, String path, boolean isTable, KeyCatalog catalog) {
        List<String> siblings = catalog.childrenOf(path);
        if (path.isEmpty()) {
            String what = isTable ? "unknown section [" + key + "]" : "unknown top-level key `" + key + "`";
            String hint = Suggestions.nearest(name, siblings).map(s -> "; did you mean [" + s + "]?").orElse(".");
            return what + hint + " Valid sections: " + String.join(", ", siblings)
                    + (isTable ? "" : "; every key belongs under a [section] header");
        }
        String what = isTable ? "unknown section [" + key + "]" : "unknown key `" + key + "`";
        String hint = Suggestions.didYouMean(name, siblings);
        return what + (hint.isEmpty() ? "." : hint) + " Valid keys in [" + path + "]: " + String.join(", ", siblings);
    }

    /** A value after its type check: the normalized value, or a problem message. */
    record Checked(JsonNode value, String problem) {}

    /** Checks one value against the type of {@code key}; array elements that are integers become strings. */
    static Checked checkValue(String key, JsonNode value, ValueType type) {
        boolean ok = switch (type) {
            case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
            case DECIMAL -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case STRING -> value.isTextual();
            case STRING_LIST -> value.isArray();
            case STRING_MAP -> value.isObject() && allText(value);
            case TABLE_LIST -> value.isArray();
        };
        if (type == ValueType.INTEGER && value.isIntegralNumber() && !ok) {
            return new Checked(null, "`" + key + "` must be an integer between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE + ", got " + describe(key, value));
        }
        if (!ok) return new Checked(null, wrongType(key, type, describe(key, value)));
        if (type != ValueType.STRING_LIST) return new Checked(value, null);
        ArrayNode strings = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : value) {
            if (element.isTextual()) strings.add(element.asText());
            else if (element.isIntegralNumber()) strings.add(element.asText());  // numeric Telegram ids
            else return new Checked(null, wrongType(key, type, "an array holding " + describe(key, element)));
        }
        return new Checked(strings, null);
    }

    private static boolean allText(JsonNode table) {
        for (JsonNode v : table) if (!v.isTextual()) return false;
        return true;
    }

    /** Returns "`key` must be TYPE, got SEEN; write it as ...". */
    static String wrongType(String key, ValueType type, String seen) {
        String name = key.substring(key.lastIndexOf('.') + 1);
        String example = switch (type) {
            case INTEGER -> "`" + name + " = 30` (no quotes)";
            case DECIMAL -> "`" + name + " = 0.5`";
            case BOOLEAN -> "`" + name + " = true`";
            case STRING -> "`" + name + " = \"text\"` (in quotes)";
            case STRING_LIST -> "`" + name + " = [\"a\", \"b\"]`";
            case STRING_MAP -> "`" + name + " = { NAME = \"value\" }`";
            case TABLE_LIST -> "[[" + key + "]] sections";
        };
        return "`" + key + "` must be " + type.description + ", got " + seen + "; write it as e.g. " + example;
    }

    /** Describes a value for a message, e.g. {@code string "abc"}; a secret's value is never shown. */
    static String describe(String key, JsonNode value) {
        String kind;
        if (value.isTextual()) kind = "string";
        else if (value.isIntegralNumber()) kind = "integer";
        else if (value.isNumber()) kind = "float";
        else if (value.isBoolean()) kind = "boolean";
        else if (value.isArray()) kind = "array";
        else if (value.isObject()) return "a table";
        else kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
        if (KeyCatalog.isSecret(key)) {
            return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + " (value hidden: secret)";
        }
        String text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
        if (text.length() > MAX_QUOTED_CHARS) text = text.substring(0, MAX_QUOTED_CHARS) + "...";
        return kind + " " + text;
    }
}
