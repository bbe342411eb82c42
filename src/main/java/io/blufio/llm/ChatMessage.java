package io.blufio.llm;

import java.util.List;

/**
 * One message of a conversation.
 *
 * @param role who said it
 * @param content its blocks, in order (at least one)
 */
public record ChatMessage(Role role, List<ContentBlock> content) {
    public ChatMessage {
        content = List.copyOf(content);
    }

    /** Returns a user message of one text block. */
    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, List.of(new ContentBlock.Text(text)));
    }

    /** Returns an assistant message of one text block. */
    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
    }

    /** Returns the concatenated text blocks, without tool blocks. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : content) {
            if (b instanceof ContentBlock.Text t) sb.append(t.text());
        }
        return sb.toString();
    }

    /** Returns the tool calls in this message, in order. */
    public List<ContentBlock.ToolUse> toolUses() {
        return content.stream().filter(ContentBlock.ToolUse.class::isInstance).map(ContentBlock.ToolUse.class::cast).toList();
    }
}
