package io.blufio.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a conversation valid for both wire protocols before it is sent, whatever an older blufio stored:
 * the Anthropic Messages API (https://docs.anthropic.com/en/api/messages: non-empty content, roles that
 * alternate starting with the user, every {@code tool_use} answered by a {@code tool_result} at the start of
 * the next user message) and OpenAI Chat Completions (an assistant message with {@code tool_calls} followed
 * by one {@code tool} message per call). Repairs, each counted in {@link Result#fixes()}:
 * <ul>
 *   <li>blank text blocks are dropped, and messages left with no block (an empty answer stored as
 *       {@code "content": []}) with them;
 *   <li>tool-call arguments that are not a JSON object become {@code {}};
 *   <li>two messages of one role in a row are merged (two user turns after a failed turn), tool results first;
 *   <li>a tool call without its result gets an error result saying none was recorded;
 *   <li>a tool result that answers no call of the message before is dropped;
 *   <li>leading assistant messages are dropped (the conversation must start with the user).
 * </ul>
 * Stateless; the stored rows are never changed, only what is sent.
 */
final class HistoryRepair {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    /** The result given to a tool call whose result was never stored. */
    static final String MISSING_RESULT = "no result was recorded for this tool call (the turn was cut off)";

    private HistoryRepair() {}

    /**
     * @param messages the repaired conversation
     * @param fixes what was repaired, e.g. {@code "1 empty assistant message dropped"}; empty when nothing was
     */
    record Result(List<ChatMessage> messages, List<String> fixes) {}

    /** Returns {@code in} repaired; see the class comment. */
    static Result repair(List<ChatMessage> in) {
        Map<String, Integer> fixes = new LinkedHashMap<>();
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : in) {
            ChatMessage c = clean(m, fixes);
            if (c == null) {
                count(fixes, "empty " + m.role().name().toLowerCase(java.util.Locale.ROOT) + " message dropped");
            } else {
                out.add(c);
            }
        }
        for (int pass = 0; pass < 4; pass++) {  // each pass can only remove blocks, so this settles quickly
            int before = total(fixes);
            out = merge(out, fixes);
            while (!out.isEmpty() && out.get(0).role() != Role.USER) {
                out.remove(0);
                count(fixes, "leading assistant message dropped");
            }
            out = pair(out, fixes);
            if (total(fixes) == before) break;
        }
        List<String> list = new ArrayList<>();
        fixes.forEach((what, n) -> list.add(n + " " + what));
        return new Result(out, list);
    }

    private static ChatMessage clean(ChatMessage m, Map<String, Integer> fixes) {
        List<ContentBlock> kept = new ArrayList<>();
        for (ContentBlock b : m.content()) {
            switch (b) {
                case ContentBlock.Text t -> {
                    if (t.text() != null && !t.text().isBlank()) kept.add(t);
                }
                case ContentBlock.ToolUse u -> {
                    if (m.role() != Role.ASSISTANT) {
                        count(fixes, "tool call in a user message dropped");
                    } else if (!isJsonObject(u.input())) {
                        count(fixes, "tool call with arguments that are not a JSON object reset to {}");
                        kept.add(new ContentBlock.ToolUse(u.id(), u.name(), "{}"));
                    } else {
                        kept.add(u);
                    }
                }
                case ContentBlock.ToolResult r -> {
                    if (m.role() != Role.USER) count(fixes, "tool result in an assistant message dropped");
                    else kept.add(r);
                }
                case ContentBlock.Image i -> {
                    if (m.role() != Role.USER) count(fixes, "picture in an assistant message dropped");
                    else kept.add(i);
                }
            }
        }
        return kept.isEmpty() ? null : new ChatMessage(m.role(), kept);
    }

    private static List<ChatMessage> merge(List<ChatMessage> in, Map<String, Integer> fixes) {
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : in) {
            if (!out.isEmpty() && out.get(out.size() - 1).role() == m.role()) {
                ChatMessage last = out.remove(out.size() - 1);
                List<ContentBlock> blocks = new ArrayList<>(last.content());
                blocks.addAll(m.content());
                if (m.role() == Role.USER) {
                    // tool results must lead the user message; the order among the rest is kept
                    List<ContentBlock> results = blocks.stream().filter(ContentBlock.ToolResult.class::isInstance).toList();
                    List<ContentBlock> rest = blocks.stream().filter(b -> !(b instanceof ContentBlock.ToolResult)).toList();
                    blocks = new ArrayList<>(results);
                    blocks.addAll(rest);
                }
                if (!(m.role() == Role.USER && isOnlyResults(last))) {  // a turn ending on tool results is normal
                    count(fixes, "two " + m.role().name().toLowerCase(java.util.Locale.ROOT) + " messages in a row merged");
                }
                out.add(new ChatMessage(m.role(), blocks));
            } else {
                out.add(m);
            }
        }
        return out;
    }

    /** Each assistant tool call gets its result in the next user message; results answering nothing are dropped. */
    private static List<ChatMessage> pair(List<ChatMessage> in, Map<String, Integer> fixes) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            ChatMessage m = in.get(i);
            if (m.role() == Role.ASSISTANT) {
                out.add(m);
                Set<String> ids = new LinkedHashSet<>();
                m.toolUses().forEach(u -> ids.add(u.id()));
                if (ids.isEmpty()) continue;
                ChatMessage next = i + 1 < in.size() && in.get(i + 1).role() == Role.USER ? in.get(i + 1) : null;
                List<ContentBlock> results = new ArrayList<>();
                List<ContentBlock> rest = new ArrayList<>();
                Set<String> answered = new LinkedHashSet<>();
                if (next != null) {
                    for (ContentBlock b : next.content()) {
                        if (b instanceof ContentBlock.ToolResult r) {
                            if (ids.contains(r.toolUseId()) && answered.add(r.toolUseId())) results.add(r);
                            else count(fixes, "tool result answering no call dropped");
                        } else {
                            rest.add(b);
                        }
                    }
                }
                for (String id : ids) {
                    if (!answered.contains(id)) {
                        results.add(new ContentBlock.ToolResult(id, MISSING_RESULT, true));
                        count(fixes, "tool call without its result answered");
                    }
                }
                List<ContentBlock> blocks = new ArrayList<>(results);
                blocks.addAll(rest);
                out.add(new ChatMessage(Role.USER, blocks));
                if (next != null) i++;
            } else {
                List<ContentBlock> kept = new ArrayList<>();
                for (ContentBlock b : m.content()) {
                    if (b instanceof ContentBlock.ToolResult) count(fixes, "tool result answering no call dropped");
                    else kept.add(b);
                }
                if (!kept.isEmpty()) out.add(kept.size() == m.content().size() ? m : new ChatMessage(Role.USER, kept));
            }
        }
        return out;
    }

    private static boolean isOnlyResults(ChatMessage m) {
        return m.content().stream().allMatch(ContentBlock.ToolResult.class::isInstance);
    }

    /** Returns true when {@code input} is a JSON object text (blank counts, as {@code {}}). */
    static boolean isJsonObject(String input) {
        if (input == null || input.isBlank()) return true;
        try {
            JsonNode node = JSON.readTree(input);
            return node != null && node.isObject();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static void count(Map<String, Integer> fixes, String what) {
        fixes.merge(what, 1, Integer::sum);
    }

    private static int total(Map<String, Integer> fixes) {
        return fixes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
