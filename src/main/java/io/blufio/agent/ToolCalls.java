package io.blufio.agent;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the tool calls of an answer before anything runs: a call to a tool that was not offered, or with
 * arguments that are not a JSON object (malformed JSON, an array, a string), is not run; it is answered
 * with an error result that tells the model what to fix, so it can call again within the tool loop. The
 * stored call keeps its id and name with {@code {}} as arguments, so the history stays valid for replay.
 */
final class ToolCalls {
    /** Longest part of bad arguments quoted back to the model, in characters. */
    static final int MAX_QUOTED_CHARS = 200;

    private ToolCalls() {}

    /**
     * @param message the answer to store and send back (bad arguments replaced by {@code {}})
     * @param refusals error result text by call id, for the calls that must not run
     * @param problems what was wrong, by metric kind ({@code llm_tool_unknown}, {@code llm_tool_arguments_invalid})
     */
    record Checked(ChatMessage message, Map<String, String> refusals, Map<String, String> problems) {}

    /** Returns {@code answer} checked against the names in {@code offered}. */
    static Checked check(ChatMessage answer, Set<String> offered) {
        Map<String, String> refusals = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        List<ContentBlock> blocks = new ArrayList<>();
        for (ContentBlock b : answer.content()) {
            if (!(b instanceof ContentBlock.ToolUse u)) {
                blocks.add(b);
                continue;
            }
            if (!offered.contains(u.name())) {
                refusals.put(u.id(), "there is no tool named \"" + u.name() + "\"; the tools you can call are: "
                        + String.join(", ", offered.stream().sorted().toList()));
                problems.put("llm_tool_unknown", "the model called tool \"" + u.name() + "\", which is not offered: not run");
                blocks.add(HistoryRepair.isJsonObject(u.input()) ? u : new ContentBlock.ToolUse(u.id(), u.name(), "{}"));
            } else if (!HistoryRepair.isJsonObject(u.input())) {
                refusals.put(u.id(), "the arguments of this call are not a JSON object (" + quote(u.input())
                        + "); call " + u.name() + " again with arguments that match its input schema");
                problems.put("llm_tool_arguments_invalid", "the model called " + u.name()
                        + " with arguments that are not a JSON object: not run");
                blocks.add(new ContentBlock.ToolUse(u.id(), u.name(), "{}"));
            } else {
                blocks.add(u);
            }
        }
        return new Checked(new ChatMessage(answer.role(), blocks), refusals, problems);
    }

    private static String quote(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= MAX_QUOTED_CHARS ? t : t.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
