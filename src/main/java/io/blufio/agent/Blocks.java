package io.blufio.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.llm.ContentBlock;
import java.util.List;

/** The JSON form of content blocks as stored in {@code messages.content}. */
final class Blocks {
    private static final ObjectMapper JSON = io.blufio.Json.SNAKE_CASE;
    private static final TypeReference<List<ContentBlock>> LIST = new TypeReference<>() {};

    private Blocks() {}

    static String toJson(List<ContentBlock> blocks) {
        try {
            return JSON.writerFor(LIST).writeValueAsString(blocks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise content blocks", e);
        }
    }

    static List<ContentBlock> fromJson(String json) {
        try {
            return JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored message content is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
