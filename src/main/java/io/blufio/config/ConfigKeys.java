package io.blufio.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads and replaces values of a loaded {@link BlufioConfig} by dotted key ({@code gateway.port}), for
 * {@code config get} and secret resolution. Keys are those of {@link ConfigLoader#knownKeys()}; the walk
 * goes through the records' components, so new keys need nothing here.
 */
public final class ConfigKeys {
    /** Most near matches {@link #near} returns. */
    static final int MAX_NEAR = 5;

    private ConfigKeys() {}

    /** Returns true if {@code key} is a known leaf key. */
    public static boolean isKey(String key) {
        return KeyCatalog.instance().typeOf(key) != null;
    }

    /** Returns true if {@code key} names a section, e.g. {@code gateway} or {@code llm.anthropic}. */
    public static boolean isSection(String key) {
        return KeyCatalog.instance().isSection(key);
    }

    /** Returns true if the key holds a secret that is never printed in clear. */
    public static boolean isSecret(String key) {
        return KeyCatalog.isSecret(key);
    }

    /**
     * Returns known keys near {@code typo}, best first: the keys within the typo distance of
     * {@link Suggestions}, then keys whose last part equals the typo's (so {@code port} finds {@code gateway.port}),
     * then keys of a section named by the typo; at most {@link #MAX_NEAR}.
     */
    public static List<String> near(String typo) {
        String t = typo.strip().toLowerCase(Locale.ROOT);
        List<String> keys = KeyCatalog.instance().leafKeys();
        List<String> out = new ArrayList<>();
        keys.stream().filter(k -> Suggestions.distance(t, k) <= Math.min(3, Math.max(1, k.length() / 3)))
                .sorted(Comparator.comparingInt(k -> Suggestions.distance(t, k))).forEach(out::add);
        Suggestions.nearest(t, keys).ifPresent(out::add);
        String leaf = t.substring(t.lastIndexOf('.') + 1);
        for (String k : keys) {
            String kLeaf = k.substring(k.lastIndexOf('.') + 1);
            if (kLeaf.equals(leaf) || Suggestions.distance(leaf, kLeaf) <= 1 || k.startsWith(t + ".")) out.add(k);
        }
        return out.stream().distinct().limit(MAX_NEAR).toList();
    }

    /** Returns the value at {@code key} (Integer, Double, Boolean, String, List or null), or throws for an unknown key. */
    public static Object value(BlufioConfig config, String key) {
        Object node = config;
        for (String part : key.split("\\.")) {
            RecordComponent c = component(node.getClass(), part, key);
            node = read(c, node);
            if (node == null) return null;
        }
        return node;
    }

    /** Returns a copy of {@code config} with {@code key} set to {@code value}; the records' checks run again. */
    public static BlufioConfig with(BlufioConfig config, String key, Object value) {
        return (BlufioConfig) with(config, key.split("\\."), 0, value, key);
    }

    private static Object with(Object record, String[] parts, int i, Object value, String key) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        RecordComponent target = component(record.getClass(), parts[i], key);
        for (int j = 0; j < components.length; j++) {
            types[j] = components[j].getType();
            Object current = read(components[j], record);
            args[j] = !components[j].getName().equals(target.getName()) ? current
                    : i == parts.length - 1 ? value : with(current, parts, i + 1, value, key);
        }
        try {
            return record.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + record.getClass().getSimpleName(), e);
        }
    }

    private static RecordComponent component(Class<?> type, String name, String key) {
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (KeyCatalog.keyName(c).equals(name)) return c;
            }
        }
        throw new IllegalArgumentException("unknown config key `" + key + "`");
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
