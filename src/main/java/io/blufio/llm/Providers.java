package io.blufio.llm;

import io.blufio.config.LlmConfig;

/** Creates the {@link Provider} that {@code llm.provider} names. */
public final class Providers {
    private Providers() {}

    /** Returns the adapter for {@code cfg.provider()}: {@code anthropic} or {@code openai}. */
    public static Provider create(LlmConfig cfg) {
        return switch (cfg.provider()) {
            case ANTHROPIC -> new AnthropicProvider(cfg);
            case OPENAI -> new OpenAiProvider(cfg);
        };
    }
}
