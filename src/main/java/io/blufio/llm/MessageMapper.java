package io.blufio.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps blufio's provider-neutral messages to LangChain4j's and back. A user message's tool results become
 * {@link ToolExecutionResultMessage}s (sent before any text of the same message), an assistant message
 * becomes one {@link AiMessage} with its tool calls; the system prompt leads as a {@link SystemMessage}.
 */
final class MessageMapper {
    private MessageMapper() {}

    /** Returns the LangChain4j messages for {@code request}, system prompt first when not blank. */
    static List<dev.langchain4j.data.message.ChatMessage> toLangChain(ChatRequest request) {
        List<dev.langchain4j.data.message.ChatMessage> out = new ArrayList<>();
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            out.add(SystemMessage.from(request.systemPrompt()));
        }
        Map<String, String> toolNames = new HashMap<>(); // tool_use id -> tool name, for the results
        for (ChatMessage message : request.messages()) {
            if (message.role() == Role.ASSISTANT) {
                message.toolUses().forEach(u -> toolNames.put(u.id(), u.name()));
                out.add(toAiMessage(message));
            } else {
                addUser(message, toolNames, out);
            }
        }
        return out;
    }

    private static AiMessage toAiMessage(ChatMessage message) {
        List<ToolExecutionRequest> calls = message.toolUses().stream()
                .map(u -> ToolExecutionRequest.builder().id(u.id()).name(u.name())
                        .arguments(u.input() == null || u.input().isBlank() ? "{}" : u.input()).build())
                .toList();
        String text = message.text();
        if (calls.isEmpty()) return AiMessage.from(text);
        return AiMessage.builder().text(text.isEmpty() ? null : text).toolExecutionRequests(calls).build();
    }

    private static void addUser(ChatMessage message, Map<String, String> toolNames,
            List<dev.langchain4j.data.message.ChatMessage> out) {
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolResult r) {
                out.add(ToolExecutionResultMessage.builder()
                        .id(r.toolUseId())
                        .toolName(toolNames.getOrDefault(r.toolUseId(), "unknown"))
                        .text(r.content() == null ? "" : r.content())
                        .isError(r.isError() ? Boolean.TRUE : null)
                        .build());
            }
        }
        String text = message.text();
        if (!text.isEmpty()) out.add(UserMessage.from(text));
    }

    /** Returns the assistant message of a LangChain4j answer: its text (if any), then its tool calls. */
    static ChatMessage fromAiMessage(AiMessage ai) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (ai.text() != null && !ai.text().isEmpty()) blocks.add(new ContentBlock.Text(ai.text()));
        if (ai.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                String input = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
                blocks.add(new ContentBlock.ToolUse(call.id(), call.name(), input));
            }
        }
        if (blocks.isEmpty()) blocks.add(new ContentBlock.Text(""));
        return new ChatMessage(Role.ASSISTANT, blocks);
    }

    /** Returns the Anthropic-style stop reason blufio stores: end_turn, tool_use, max_tokens, ... */
    static String stopReason(FinishReason reason) {
        if (reason == null) return "end_turn";
        return switch (reason) {
            case STOP -> "end_turn";
            case TOOL_EXECUTION -> "tool_use";
            case LENGTH -> "max_tokens";
            case CONTENT_FILTER -> "content_filter";
            default -> reason.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
