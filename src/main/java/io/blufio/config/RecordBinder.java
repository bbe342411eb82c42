package io.blufio.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds a checked tree to {@link BlufioConfig} with Jackson (snake_case names, unknown properties
 * refused). The records' compact constructors apply defaults and range checks; a {@link ConfigException}
 * they throw (Jackson wraps it) is unwrapped and reported at the key's source, the offending key is
 * dropped, and binding is tried again, so one run reports every range error.
 */
final class RecordBinder {
    /** Parses TOML and binds records; shared, as Jackson mappers are thread-safe once configured. */
    static final TomlMapper MAPPER = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RecordBinder() {}

    /** Returns the bound config, with problem keys replaced by defaults; empty if binding cannot succeed. */
    static Optional<BlufioConfig> bind(ObjectNode root, ProblemList problems) {
        ObjectNode tree = root.deepCopy();
        int maxAttempts = 64 + KeyCatalog.instance().leafKeys().size();  // each retry removes a key or table
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            try {
                return Optional.of(MAPPER.treeToValue(tree, BlufioConfig.class));
            } catch (JsonProcessingException | RuntimeException e) {  // Jackson may wrap the record's exception, or not
                ConfigException range = findConfigException(e);
                String key;
                if (range != null) {
                    for (ConfigProblem p : range.problems()) problems.atKey(p.key(), rangeMessage(p));
                    key = range.problems().get(0).key();
                } else {
                    key = pathOf(e);
                    problems.atKey(key, "`" + key + "` cannot be read" + (KeyCatalog.isSecret(key) ? ""
                            : ": " + (e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage())));
                }
                if (key == null || key.isEmpty() || !removeNearest(tree, key)) return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Rewrites {@code "must be ... (key k)"} from the records as {@code "`k` must be ..."}. */
    private static String rangeMessage(ConfigProblem p) {
        String message = p.message();
        String suffix = " (key " + p.key() + ")";
        if (message.endsWith(suffix)) message = message.substring(0, message.length() - suffix.length());
        return "`" + p.key() + "` " + message + "; change the value";
    }

    private static ConfigException findConfigException(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConfigException c) return c;
        }
        return null;
    }

    private static String pathOf(Exception e) {
        if (!(e instanceof JsonMappingException m)) return null;
        return m.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(n -> n != null).collect(Collectors.joining("."));
    }

    /** Removes {@code key} from the tree, or its nearest enclosing table present; false if nothing was there. */
    private static boolean removeNearest(ObjectNode root, String key) {
        String[] parts = key.split("\\.");
        ObjectNode table = root;
        for (int i = 0; i < parts.length; i++) {
            JsonNode child = table.get(parts[i]);
            if (child == null) {
                if (table == root) return false;
                return removeNearest(root, String.join(".", Arrays.copyOf(parts, i)));
            }
            if (i == parts.length - 1 || !(child instanceof ObjectNode next)) {
                table.remove(parts[i]);
                return true;
            }
            table = next;
        }
        return false;
    }
}
