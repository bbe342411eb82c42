package io.blufio.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for the provider wire: one compact {@link ObjectMapper} (no indentation, no spaces: the request
 * bytes are paid for on every call), plus the conversions both protocols share.
 */
final class Wire {
    /** Compact output; reading ignores nothing because the protocols read the tree, not bound types. */
    static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    private Wire() {}

    /** Returns {@code node} as compact UTF-8 JSON. */
    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    /** Returns the event's JSON, or throws the answer's protocol error naming the first characters. */
    static JsonNode event(SseReader.Event e, StreamedAnswer answer) {
        try {
            JsonNode node = JSON.readTree(e.data());
            if (node == null || !node.isObject()) throw answer.protocol("an event that is not a JSON object: " + head(e.data()));
            return node;
        } catch (JsonProcessingException bad) {
            throw answer.protocol("an event that is not JSON: " + head(e.data()));
        }
    }

    /**
     * Returns a tool's input schema as a JSON object.
     *
     * @throws LlmException {@link LlmError#REQUEST_REFUSED} when it is not a JSON object (a bug in the tool)
     */
    static ObjectNode schema(ToolSpec tool) {
        String text = tool.inputSchema() == null || tool.inputSchema().isBlank() ? "{\"type\":\"object\"}" : tool.inputSchema();
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new LlmException(LlmError.REQUEST_REFUSED, 0, "tool " + tool.name() + " has an input schema that is not JSON ("
                    + e.getOriginalMessage() + "): fix the tool's inputSchema", e);
        }
        throw new LlmException(LlmError.REQUEST_REFUSED, 0, "tool " + tool.name()
                + " has an input schema that is not a JSON object: fix the tool's inputSchema", null);
    }

    /** Returns stored tool-call arguments as a JSON object; anything else (blank, malformed, not an object) as {}. */
    static ObjectNode toolInput(String input) {
        if (input != null && !input.isBlank()) {
            try {
                JsonNode node = JSON.readTree(input);
                if (node != null && node.isObject()) return (ObjectNode) node;
            } catch (JsonProcessingException malformed) {
                // the agent answered this call with an error already; the provider only needs a valid object
            }
        }
        return JSON.createObjectNode();
    }

    /** Returns the text of {@code node} when it is a non-null value, else null. */
    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /** Returns the number in {@code node}, or null when it is absent or not a number. */
    static Long number(JsonNode node) {
        return node != null && node.isNumber() ? node.asLong() : null;
    }

    private static String head(String data) {
        String s = data == null ? "" : data.strip();
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
