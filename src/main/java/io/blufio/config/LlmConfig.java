package io.blufio.config;

import java.time.Duration;

/**
 * {@code [llm]}: which provider answers, and how long and how often to try.
 *
 * @param provider {@code anthropic} (the default) or {@code openai} (any OpenAI-compatible endpoint)
 * @param requestTimeoutS whole seconds one provider request may take, stream included
 * @param maxRetries further attempts after a 429, 5xx or overloaded answer (0 = try once)
 * @param anthropic {@code [llm.anthropic]}
 * @param openai {@code [llm.openai]}
 */
public record LlmConfig(LlmProvider provider, Integer requestTimeoutS, Integer maxRetries,
        AnthropicConfig anthropic, OpenAiConfig openai) {
    public LlmConfig {
        provider = Check.or(provider, LlmProvider.ANTHROPIC);
        requestTimeoutS = Check.atLeast("llm.request_timeout_s", Check.or(requestTimeoutS, 120), 1);
        maxRetries = Check.between("llm.max_retries", Check.or(maxRetries, 3), 0, 10);
        anthropic = Check.or(anthropic, new AnthropicConfig(null, null, null, null, null));
        openai = Check.or(openai, new OpenAiConfig(null, null, null, null));
    }

    /** Returns {@link #requestTimeoutS()} as a Duration. */
    public Duration requestTimeout() {
        return Duration.ofSeconds(requestTimeoutS);
    }

    /** Returns a copy whose selected provider uses {@code model} (for a second adapter, e.g. {@code heartbeat.model}). */
    public LlmConfig withModel(String model) {
        if (provider == LlmProvider.OPENAI) {
            return new LlmConfig(provider, requestTimeoutS, maxRetries, anthropic,
                    new OpenAiConfig(openai.baseUrl(), openai.apiKey(), model, openai.maxTokens()));
        }
        return new LlmConfig(provider, requestTimeoutS, maxRetries,
                new AnthropicConfig(anthropic.baseUrl(), anthropic.apiKey(), model, anthropic.maxTokens(), anthropic.promptCaching()), openai);
    }

    /** Returns the model of the selected provider. */
    public String model() {
        return switch (provider) {
            case ANTHROPIC -> anthropic.model();
            case OPENAI -> openai.model();
        };
    }

    /** Returns the API key of the selected provider, or null when none is set. */
    public String apiKey() {
        return switch (provider) {
            case ANTHROPIC -> anthropic.apiKey();
            case OPENAI -> openai.apiKey();
        };
    }
}
