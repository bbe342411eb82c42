package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.OpenAiConfig;
import org.junit.jupiter.api.Test;

final class ProvidersTest {
    private static LlmConfig config(LlmProvider provider) {
        return new LlmConfig(provider, 30, 1, new AnthropicConfig(null, "k", "claude-x", null, null),
                new OpenAiConfig(null, "k", "gpt-x", null));
    }

    @Test
    void create_anthropic() {
        Provider p = Providers.create(config(LlmProvider.ANTHROPIC));
        assertThat(p).isInstanceOf(AnthropicProvider.class);
        assertThat(p.name()).isEqualTo("anthropic");
        assertThat(p.model()).isEqualTo("claude-x");
    }

    @Test
    void create_openai() {
        Provider p = Providers.create(config(LlmProvider.OPENAI));
        assertThat(p).isInstanceOf(OpenAiProvider.class);
        assertThat(p.name()).isEqualTo("openai");
        assertThat(p.model()).isEqualTo("gpt-x");
    }
}
