package io.blufio.tools;

import io.blufio.memory.Memories;
import io.blufio.memory.Memory;
import io.blufio.memory.MemoryHit;
import java.util.List;
import java.util.Locale;

/**
 * The tools of group {@code memory}: {@code memory_save} stores a fact in long-term memory (source
 * {@code tool}), {@code memory_search} looks facts up (hybrid search, best first, with scores).
 */
public final class MemoryTools {
    /** Results {@code memory_search} returns at most. */
    static final int MAX_RESULTS = 20;

    private MemoryTools() {}

    /** Returns both tools over {@code memories}. */
    public static List<Tool> over(Memories memories) {
        return List.of(new SimpleTool("memory_save",
                        "Saves one durable fact about the user or their world to long-term memory (a short, self-contained sentence). "
                                + "Relevant facts are shown to you in later conversations.",
                        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"description\":\"the fact, e.g. 'The user's cat is called Miso.'\"}},\"required\":[\"text\"]}",
                        in -> {
                            Memory m = memories.add(in.path("text").asText(""), "tool");
                            return ToolOutput.ok("saved as memory " + m.id());
                        }),
                new SimpleTool("memory_search",
                        "Searches long-term memory by meaning and keywords; returns the best facts with their ids and scores.",
                        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":20}},\"required\":[\"query\"]}",
                        in -> {
                            int limit = Math.max(1, Math.min(MAX_RESULTS, in.path("limit").asInt(8)));
                            List<MemoryHit> hits = memories.search(in.path("query").asText(""), limit);
                            if (hits.isEmpty()) return ToolOutput.ok("no matching memories");
                            StringBuilder sb = new StringBuilder();
                            for (MemoryHit h : hits) {
                                sb.append(String.format(Locale.ROOT, "[%d] (score %.4f, similarity %.2f) %s%n",
                                        h.memory().id(), h.score(), h.similarity(), h.memory().text()));
                            }
                            return ToolOutput.ok(sb.toString().strip());
                        }));
    }
}
