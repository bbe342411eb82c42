package io.blufio.llm;

import io.blufio.config.LlmConfig;

/** Creates the {@link Provider} that {@code llm.provider} names. */
public final class Providers {
    private Providers() {}

    /**
     * Returns the adapter for {@code cfg.provider()}: {@code anthropic} or {@code openai}.
     *
     * @throws IllegalArgumentException for any other name (the config loader refuses those earlier)
     */
    public static Provider create(LlmConfig cfg) {
        return switch (cfg.provider()) {
            case "anthropic" -> new AnthropicProvider(cfg);
            case "openai" -> new OpenAiProvider(cfg);
            default -> throw new IllegalArgumentException("llm.provider must be anthropic or openai, got "
                    + cfg.provider());
        };
    }
}
