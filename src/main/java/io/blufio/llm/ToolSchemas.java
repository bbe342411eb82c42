package io.blufio.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link ToolSpec} into LangChain4j's {@link ToolSpecification}. The top-level object schema is
 * rebuilt as a {@link JsonObjectSchema} (its {@code properties}, {@code required} and {@code $defs}); each
 * property schema travels as a {@link JsonRawSchema}, so keywords LangChain4j has no type for
 * ({@code minimum}, {@code format}, {@code default}, ...) reach the provider unchanged.
 */
final class ToolSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolSchemas() {}

    /** Returns the LangChain4j form of {@code tools}, in order. */
    static List<ToolSpecification> toSpecifications(List<ToolSpec> tools) {
        return tools.stream().map(ToolSchemas::toSpecification).toList();
    }

    /**
     * Returns the LangChain4j form of one tool.
     *
     * @throws LlmException {@code llm_error} when the input schema is not a JSON object (a bug in the tool)
     */
    static ToolSpecification toSpecification(ToolSpec tool) {
        JsonNode schema = parse(tool);
        JsonObjectSchema.Builder params = JsonObjectSchema.builder();
        if (schema.hasNonNull("description")) params.description(schema.get("description").asText());
        params.addProperties(raw(schema.path("properties")));
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        params.required(required);
        Map<String, JsonSchemaElement> defs = raw(schema.path("$defs"));
        if (!defs.isEmpty()) params.definitions(defs);
        return ToolSpecification.builder()
                .name(tool.name())
                .description(tool.description())
                .parameters(params.build())
                .build();
    }

    private static Map<String, JsonSchemaElement> raw(JsonNode object) {
        Map<String, JsonSchemaElement> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), JsonRawSchema.from(e.getValue().toString())));
        return out;
    }

    private static JsonNode parse(ToolSpec tool) {
        String text = tool.inputSchema() == null || tool.inputSchema().isBlank() ? "{}" : tool.inputSchema();
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) return node;
        } catch (JsonProcessingException e) {
            throw new LlmException("llm_error", 0, "tool " + tool.name() + " has an input schema that is not JSON ("
                    + e.getOriginalMessage() + "): fix the tool's inputSchema", e);
        }
        throw new LlmException("llm_error", 0, "tool " + tool.name()
                + " has an input schema that is not a JSON object: fix the tool's inputSchema", null);
    }
}
