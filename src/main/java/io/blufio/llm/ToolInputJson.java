package io.blufio.llm;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * The JSON form of {@link ContentBlock.ToolUse#input()}: the arguments are written as the JSON object
 * they are ({@code "input":{"path":"a.txt","content":"..."}}, as the Anthropic Messages API has it), not
 * as a string holding JSON, which escaped every quote and backslash of the arguments a second time (a
 * {@code workspace_write} of JSON text was stored at about three times its size). Arguments that are no
 * JSON object or array (a model's broken output) stay a string. Reading accepts both forms, so rows
 * stored before keep working.
 */
public final class ToolInputJson {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    private ToolInputJson() {}

    /** Writes the arguments as their JSON object, or as a string when they are not one. */
    public static final class Writer extends JsonSerializer<String> {
        @Override
        public void serialize(String input, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            JsonNode tree = null;
            if (input != null && !input.isBlank()) {
                try {
                    tree = JSON.readTree(input);
                } catch (IOException notJson) {
                    tree = null;
                }
            }
            if (tree != null && (tree.isObject() || tree.isArray())) gen.writeTree(tree);
            else gen.writeString(input);
        }
    }

    /** Reads either form back into the arguments' JSON text. */
    public static final class Reader extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (n == null || n.isNull()) return null;
            return n.isTextual() ? n.asText() : JSON.writeValueAsString(n);
        }
    }
}
