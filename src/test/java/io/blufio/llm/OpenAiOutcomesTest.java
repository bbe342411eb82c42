package io.blufio.llm;

import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.OpenAiConfig;
import io.blufio.fixtures.FakeLlmServer;
import io.blufio.fixtures.FakeOpenAiServer;
import java.util.Random;

/** The provider contract's outcomes over the OpenAI Chat Completions streaming protocol. */
final class OpenAiOutcomesTest extends ProviderOutcomesContract {
    @Override
    FakeLlmServer newServer() {
        return new FakeOpenAiServer();
    }

    @Override
    Provider provider(int retries) {
        var cfg = new OpenAiConfig(server.url(), FakeOpenAiServer.API_KEY, "gpt-test", 512);
        return new OpenAiProvider(new LlmConfig(LlmProvider.OPENAI, 30, retries, null, cfg), sleeper, new Random(1));
    }
}
