package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** {@code llm.provider}: which model provider answers. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum LlmProvider implements ConfigChoice {
    /** The Anthropic Messages API (the default). */
    ANTHROPIC,
    /** An OpenAI-compatible Chat Completions API. */
    OPENAI;

    /**
     * Returns the choice spelled {@code value} in the file.
     *
     * @throws ConfigException {@code llm.provider} must be one of ..., for any other spelling (exit 78)
     */
    @JsonCreator
    public static LlmProvider of(String value) {
        return Check.oneOf("llm.provider", value, LlmProvider.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
