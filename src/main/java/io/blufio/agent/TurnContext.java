package io.blufio.agent;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.Usage;
import java.util.List;

/**
 * What {@link ContextEngine#build} prepared for one turn.
 *
 * @param messages the conversation to send: summary, kept history, then the new message with its facts
 * @param compactionUsage tokens the compaction call of this turn used ({@link Usage#ZERO} when none ran)
 * @param compactionModel model that wrote the summary, null when no compaction ran
 */
record TurnContext(List<ChatMessage> messages, Usage compactionUsage, String compactionModel) {
    TurnContext {
        messages = List.copyOf(messages);
    }
}
