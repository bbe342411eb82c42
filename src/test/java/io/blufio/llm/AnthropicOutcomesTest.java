package io.blufio.llm;

import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeLlmServer;
import java.util.Random;

/** The provider contract's outcomes over the Anthropic Messages streaming protocol. */
final class AnthropicOutcomesTest extends ProviderOutcomesContract {
    @Override
    FakeLlmServer newServer() {
        return new FakeAnthropicServer();
    }

    @Override
    Provider provider(int retries) {
        var cfg = new AnthropicConfig(server.url(), FakeAnthropicServer.API_KEY, "claude-test", 1024, true);
        return new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 30, retries, cfg, null), sleeper, new Random(1));
    }
}
