package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every valid dotted key and section of the TOML file, derived once by reflection over the record
 * components of {@link BlufioConfig} (camelCase component names become snake_case keys, or the name
 * given by {@code @JsonProperty}, as the Jackson binding sees them). Adding a component to a record
 * adds its key here; nothing else to edit.
 */
final class KeyCatalog {
    /** The Java value type a leaf key binds to; decides type checks and env coercion. */
    enum ValueType {
        INTEGER("an integer"), DECIMAL("a number"), BOOLEAN("a boolean (true or false)"),
        STRING("a string"), STRING_LIST("an array of strings"),
        /** A table of string values ({@code env = { A = "1" }}); only inside an array of tables. */
        STRING_MAP("a table of strings"),
        /** An array of tables ({@code [[mcp.servers]]}), each checked against {@link #elementTypes}. */
        TABLE_LIST("an array of tables");

        final String description;

        ValueType(String description) {
            this.description = description;
        }
    }

    /** The root of the tree: top-level sections. */
    static final String ROOT = "";

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final KeyCatalog INSTANCE = new KeyCatalog();  // after SNAKE, which it uses

    private final Map<String, ValueType> leaves = new LinkedHashMap<>();
    /** Section path (ROOT, "gateway", "llm.anthropic") to the names of its direct children. */
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    /** Key of an array of tables ({@code mcp.servers}) to its elements' keys and their types, in record order. */
    private final Map<String, Map<String, ValueType>> elements = new LinkedHashMap<>();

    private KeyCatalog() {
        walk(BlufioConfig.class, ROOT);
    }

    static KeyCatalog instance() {
        return INSTANCE;
    }

    private void walk(Class<?> record, String path) {
        List<String> names = new ArrayList<>();
        children.put(path, names);
        for (RecordComponent c : record.getRecordComponents()) {
            String name = keyName(c);
            names.add(name);
            String key = path.isEmpty() ? name : path + "." + name;
            if (c.getType().isRecord()) {
                walk(c.getType(), key);
            } else if (elementRecord(c) != null) {
                leaves.put(key, ValueType.TABLE_LIST);
                Map<String, ValueType> fields = new LinkedHashMap<>();
                for (RecordComponent f : elementRecord(c).getRecordComponents()) fields.put(keyName(f), typeOf(f, key + "." + keyName(f)));
                elements.put(key, fields);
            } else {
                leaves.put(key, typeOf(c, key));
            }
        }
    }

    /** Returns the TOML name of a component: its {@code @JsonProperty} name, else its name in snake_case. */
    static String keyName(RecordComponent c) {
        JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
        if (renamed == null) {
            try {
                renamed = c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                renamed = null;  // cannot happen: a record has a field per component
            }
        }
        if (renamed != null && !renamed.value().isEmpty()) return renamed.value();
        return SNAKE.translate(c.getName());
    }

    /** Returns the record type of a {@code List<SomeRecord>} component, else null. */
    private static Class<?> elementRecord(RecordComponent c) {
        if (c.getType() != List.class || !(c.getGenericType() instanceof ParameterizedType p)) return null;
        return p.getActualTypeArguments()[0] instanceof Class<?> e && e.isRecord() ? e : null;
    }

    private static ValueType typeOf(RecordComponent c, String key) {
        Class<?> t = c.getType();
        if (t == Integer.class) return ValueType.INTEGER;
        if (t == Double.class) return ValueType.DECIMAL;
        if (t == Boolean.class) return ValueType.BOOLEAN;
        if (t == String.class || isChoice(t)) return ValueType.STRING;
        Type g = c.getGenericType();
        if (t == List.class && g instanceof ParameterizedType p
                && (p.getActualTypeArguments()[0] == String.class || isChoice(p.getActualTypeArguments()[0]))) {
            return ValueType.STRING_LIST;
        }
        if (t == Map.class && g instanceof ParameterizedType p && p.getActualTypeArguments()[0] == String.class
                && p.getActualTypeArguments()[1] == String.class) {
            return ValueType.STRING_MAP;
        }
        throw new IllegalStateException("config key " + key + " has type " + g
                + " that the loader cannot check; use Integer, Double, Boolean, String, a ConfigChoice enum or a List of String or of one");
    }

    /** Returns true for a {@link ConfigChoice} enum, written as a string. */
    private static boolean isChoice(Type t) {
        return t instanceof Class<?> k && k.isEnum() && ConfigChoice.class.isAssignableFrom(k);
    }

    /** Returns every leaf key in record order, e.g. {@code gateway.port}, {@code llm.anthropic.api_key}. */
    List<String> leafKeys() {
        return List.copyOf(leaves.keySet());
    }

    /** Returns true if {@code key} names a section ({@code gateway}, {@code llm.anthropic}). */
    boolean isSection(String key) {
        return children.containsKey(key) && !key.isEmpty();
    }

    /** Returns the type of a leaf key, or null if {@code key} is not a leaf. */
    ValueType typeOf(String key) {
        return leaves.get(key);
    }

    /** Returns the direct child names of a section (ROOT for the top level); empty if not a section. */
    List<String> childrenOf(String section) {
        return Collections.unmodifiableList(children.getOrDefault(section, List.of()));
    }

    /** Returns the element keys and types of the array of tables {@code key} ({@code mcp.servers}); empty if not one. */
    Map<String, ValueType> elementTypes(String key) {
        return Collections.unmodifiableMap(elements.getOrDefault(key, Map.of()));
    }

    /** Returns true if the key holds a secret whose value must never appear in a message. */
    static boolean isSecret(String key) {
        return key.endsWith("api_key") || key.endsWith("bot_token");
    }
}
