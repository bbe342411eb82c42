package io.blufio.config;

/** {@code llm.provider}: which model provider answers. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum LlmProvider implements ConfigChoice {
    /** The Anthropic Messages API (the default). */
    ANTHROPIC,
    /** An OpenAI-compatible Chat Completions API. */
    OPENAI;

    @Override
    public String toString() {
        return wireName();
    }
}
