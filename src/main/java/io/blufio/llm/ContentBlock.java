package io.blufio.llm;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One block of a message's content, in the provider-neutral shape blufio stores and replays. The JSON
 * form (used in the {@code messages} table) follows the Anthropic Messages API content blocks:
 * {@code {"type":"text","text":...}}, {@code {"type":"tool_use","id","name","input"}},
 * {@code {"type":"tool_result","tool_use_id","content","is_error"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ContentBlock.Text.class, name = "text"),
    @JsonSubTypes.Type(value = ContentBlock.ToolUse.class, name = "tool_use"),
    @JsonSubTypes.Type(value = ContentBlock.ToolResult.class, name = "tool_result")
})
public sealed interface ContentBlock {

    /** Plain text. */
    record Text(String text) implements ContentBlock {}

    /**
     * A tool call by the model.
     *
     * @param id the provider's call id, echoed by the matching {@link ToolResult}
     * @param name tool name
     * @param input arguments as a JSON object text, e.g. {@code {"timezone":"UTC"}}; stored and shown as
     *     that object ({@link ToolInputJson}), so its text is escaped once, not twice
     */
    record ToolUse(String id, String name,
            @JsonSerialize(using = ToolInputJson.Writer.class) @JsonDeserialize(using = ToolInputJson.Reader.class) String input)
            implements ContentBlock {}

    /**
     * The result of a tool call, sent back in the next user message.
     *
     * @param toolUseId id of the {@link ToolUse} answered
     * @param content result text
     * @param isError true when the tool failed; the model sees the error text
     */
    record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {}
}
