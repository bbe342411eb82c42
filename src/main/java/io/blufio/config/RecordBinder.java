package io.blufio.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
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
            .addModule(new SimpleModule("config-choices").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription desc,
                        JsonDeserializer<?> deserializer) {
                    return ConfigChoice.class.isAssignableFrom(type.getRawClass()) ? choices(type.getRawClass()) : deserializer;
                }
            }))
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonDeserializer<?> choices(Class<?> type) {
        return new ChoiceDeserializer(type);
    }

    /**
     * Reads a {@link ConfigChoice} enum through {@link Check#oneOf(String, String, Class)}, with the dotted key the
     * value sits under (a list's key for its items: {@code tools.enabled}), so a wrong spelling names the key, the
     * value and the choices.
     */
    private static final class ChoiceDeserializer<E extends Enum<E> & ConfigChoice> extends StdScalarDeserializer<E> {
        private final Class<E> type;

        ChoiceDeserializer(Class<E> type) {
            super(type);
            this.type = type;
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (!p.currentToken().isScalarValue() || p.currentToken() == JsonToken.VALUE_NULL) {
                return type.cast(ctx.handleUnexpectedToken(type, p));
            }
            return Check.oneOf(keyOf(p), p.getValueAsString(), type);
        }

        private static String keyOf(JsonParser p) {
            Deque<String> names = new ArrayDeque<>();
            for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
                if (c.getCurrentName() != null) names.addFirst(c.getCurrentName());
            }
            return String.join(".", names);
        }
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
