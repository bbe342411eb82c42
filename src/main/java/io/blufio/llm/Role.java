package io.blufio.llm;

/** Who said a message. System prompts are not messages: they travel in {@link ChatRequest#systemPrompt()}. */
public enum Role {
    /** The person, or tool results sent on their side of the conversation. */
    USER,
    /** The model. */
    ASSISTANT
}
