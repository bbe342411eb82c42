package io.blufio.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.blufio.config.KeyCatalog.ValueType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies environment overrides to the parsed tree; the environment beats the file. Two forms:
 * {@code BLUFIO_<SECTION>__<KEY>} for any key ({@code BLUFIO_LLM__ANTHROPIC__BASE_URL}), and the
 * secret shorthands {@code ANTHROPIC_API_KEY}, {@code OPENAI_API_KEY}, {@code TELEGRAM_BOT_TOKEN}, {@code TRANSCRIPTION_API_KEY}
 * (the {@code BLUFIO_} form wins over a shorthand). Values are strings coerced to the key's type; a list
 * is a TOML inline array ({@code ["a","b"]}) or comma-separated ({@code a,b}).
 */
final class EnvOverrides {
    /** Prefix of every blufio variable. */
    static final String PREFIX = "BLUFIO_";
    /**
     * {@code BLUFIO_} variables that are not config keys and are always allowed: the three blufio reads, the
     * launchers' own ({@code BLUFIO_JAVA} and {@code BLUFIO_JAVA_MAJOR}, which {@code ./blufio} exports to the
     * distribution's launcher, and {@code BLUFIO_CDS}), and those of {@code contrib/backup.sh}. Without the
     * launchers' names every call through {@code ./blufio} ran the "did you mean" search for {@code BLUFIO_JAVA}
     * over every key, about 10 ms of {@code status} (issue 14). EnvOverridesTest checks that each name the
     * scripts use is here.
     */
    static final Set<String> RESERVED = Set.of("BLUFIO_CONFIG", "BLUFIO_DATA_DIR", "BLUFIO_VAULT_KEY",
            "BLUFIO_JAVA", "BLUFIO_JAVA_MAJOR", "BLUFIO_CDS", "BLUFIO_BIN", "BLUFIO_BACKUP_DIR", "BLUFIO_BACKUP_KEEP");
    /** Secret shorthands: variable to dotted key. */
    static final Map<String, String> SECRET_SHORTHANDS = Map.of(
            "ANTHROPIC_API_KEY", "llm.anthropic.api_key",
            "OPENAI_API_KEY", "llm.openai.api_key",
            "TELEGRAM_BOT_TOKEN", "telegram.bot_token",
            "TRANSCRIPTION_API_KEY", "transcription.api_key");

    private EnvOverrides() {}

    /** Returns the {@code BLUFIO_...__...} variable that sets {@code dottedKey}. */
    static String variableFor(String dottedKey) {
        return PREFIX + dottedKey.replace(".", "__").toUpperCase(Locale.ROOT);
    }

    /** Applies every override in {@code env} to {@code root}, adding a problem for each bad variable. */
    static void apply(Map<String, String> env, ObjectNode root, ObjectMapper toml, ProblemList problems) {
        KeyCatalog catalog = null;  // built by reflection over every record: only when a BLUFIO_X__Y variable is set
        for (var e : new TreeMap<>(SECRET_SHORTHANDS).entrySet()) {
            String value = env.get(e.getKey());
            if (value != null && !value.isBlank()) {
                set(root, e.getValue(), TextNode.valueOf(value.strip()));
                problems.setByEnv(e.getValue(), e.getKey());
            }
        }
        for (var e : new TreeMap<>(env).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(PREFIX) || RESERVED.contains(variable) || !variable.contains("__")) continue;
            if (!variable.equals(variable.toUpperCase(Locale.ROOT))) continue;  // not the rule's spelling: nearMisses warns
            String key = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", ".");
            if (catalog == null) catalog = KeyCatalog.instance();
            ValueType type = catalog.typeOf(key);
            if (type == null) {
                problems.atEnv(variable, key, unknown(variable, key, catalog));
                continue;
            }
            if (type == ValueType.TABLE_LIST || type == ValueType.STRING_MAP) {
                problems.atEnv(variable, key, "environment variable " + variable + " names `" + key + "`, an array of tables,"
                        + " which the environment cannot set; write [[" + key + "]] sections in the config file and unset " + variable);
                continue;
            }
            JsonNode value = coerce(key, variable, e.getValue(), type, toml, problems);
            if (value != null) {
                set(root, key, value);
                problems.setByEnv(key, variable);
            }
        }
    }

    /**
     * Returns one warning for each variable that looks like a blufio setting but does not follow the rule
     * {@code BLUFIO_<SECTION>__<KEY>} in upper case, and so is ignored: a single underscore between section and
     * key ({@code BLUFIO_GATEWAY_PORT}), lower or mixed case ({@code blufio_gateway__port},
     * {@code BLUFIO_gateway__port}), a lower-case secret shorthand ({@code anthropic_api_key}). Each names the
     * right spelling. Never an error: the variable may belong to something else.
     */
    static List<String> nearMisses(Map<String, String> env) {
        KeyCatalog catalog = KeyCatalog.instance();
        Map<String, String> bySquashed = new TreeMap<>();  // BLUFIO_GATEWAY_PORT -> BLUFIO_GATEWAY__PORT
        for (String k : catalog.leafKeys()) bySquashed.put(variableFor(k).replace("__", "_"), variableFor(k));
        for (String r : RESERVED) bySquashed.put(r, r);
        List<String> warnings = new java.util.ArrayList<>();
        for (String variable : new TreeMap<>(env).keySet()) {
            String upper = variable.toUpperCase(Locale.ROOT);
            boolean exact = variable.equals(upper);
            if (!upper.startsWith(PREFIX) && !SECRET_SHORTHANDS.containsKey(upper)) continue;
            if (exact && (RESERVED.contains(variable) || SECRET_SHORTHANDS.containsKey(variable) || variable.contains("__"))) continue;
            String right = null;
            if (SECRET_SHORTHANDS.containsKey(upper) || RESERVED.contains(upper)) {
                right = upper;
            } else if (upper.contains("__")) {
                String key = upper.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", ".");
                if (catalog.typeOf(key) != null) right = upper;
            } else {
                right = bySquashed.get(upper);
            }
            if (right == null) {
                if (!upper.startsWith(PREFIX)) continue;
                var near = Suggestions.nearest(upper, List.copyOf(bySquashed.keySet()));
                if (near.isEmpty()) continue;  // BLUFIO_SOMETHING_ELSE of another tool: not ours to judge
                right = bySquashed.get(near.get());
            }
            // the reason names what differs: the spelling rule for a setting, the case for a name typed in lower case,
            // nothing for a misspelt upper-case name (BLUFIO_BACKUP_KEP is not a case problem)
            String why = right.contains("__") ? " (BLUFIO_ + section and key in upper case, joined by two underscores)"
                    : upper.equals(right) ? " (names are upper case)" : "";
            warnings.add("environment variable " + variable + " looks like a blufio setting but is ignored: did you mean " + right + "?" + why);
        }
        return warnings;
    }

    private static String unknown(String variable, String key, KeyCatalog catalog) {
        if (catalog.isSection(key)) {
            String example = variableFor(key + "." + catalog.childrenOf(key).get(0));
            return "environment variable " + variable + " names the section [" + key + "], not a key;"
                    + " add the key, e.g. " + example;
        }
        String hint = Suggestions.nearest(key, catalog.leafKeys())
                .map(k -> "; did you mean `" + variableFor(k) + "`?").orElse("");
        return "unknown environment variable " + variable + ": there is no config key `" + key + "`" + hint
                + " Unset it, or name a key as BLUFIO_ plus its section and key in upper case joined by __,"
                + " e.g. BLUFIO_GATEWAY__PORT";
    }

    private static JsonNode coerce(String key, String variable, String raw, ValueType type, ObjectMapper toml,
            ProblemList problems) {
        String text = raw.strip();
        try {
            return switch (type) {
                case INTEGER -> IntNode.valueOf(Integer.parseInt(text));
                case DECIMAL -> DoubleNode.valueOf(parseDecimal(text));
                case BOOLEAN -> BooleanNode.valueOf(parseBoolean(text));
                case STRING -> TextNode.valueOf(raw);
                case STRING_LIST -> parseList(key, text, toml);
                case STRING_MAP, TABLE_LIST -> throw new IllegalArgumentException("not settable from the environment");
            };
        } catch (IllegalArgumentException | JsonProcessingException ex) {
            String seen = KeyCatalog.isSecret(key) ? "a value (hidden: secret)" : "\"" + raw + "\"";
            String fix = type == ValueType.STRING_LIST
                    ? "e.g. " + variable + "='[\"a\", \"b\"]' or " + variable + "=a,b"
                    : "e.g. " + variable + "=" + switch (type) {
                        case INTEGER -> "30";
                        case DECIMAL -> "0.5";
                        default -> "true";
                    };
            problems.atEnv(variable, key, "environment variable " + variable + " (key `" + key + "`) must be "
                    + type.description + ", got " + seen + "; set it as " + fix);
            return null;
        }
    }

    private static double parseDecimal(String text) {
        if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
            throw new IllegalArgumentException("not a decimal number");
        }
        return Double.parseDouble(text);
    }

    private static boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) return true;
        if (text.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("not a boolean");
    }

    private static JsonNode parseList(String key, String text, ObjectMapper toml) throws JsonProcessingException {
        if (text.startsWith("[")) {
            JsonNode parsed = toml.readTree("v = " + text).get("v");
            SchemaCheck.Checked checked = SchemaCheck.checkValue(key, parsed, ValueType.STRING_LIST);
            if (checked.problem() != null) throw new IllegalArgumentException(checked.problem());
            return checked.value();
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String part : List.of(text.split(","))) {
            if (!part.isBlank()) list.add(part.strip());
        }
        return list;
    }

    /** Sets the dotted {@code key} in {@code root}, creating tables on the way (replacing non-tables). */
    static void set(ObjectNode root, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode table = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = table.get(parts[i]);
            if (!(child instanceof ObjectNode)) child = table.putObject(parts[i]);
            table = (ObjectNode) child;
        }
        table.set(parts[parts.length - 1], value);
    }
}
