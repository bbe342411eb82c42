package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.OpenAiConfig;
import io.blufio.fixtures.FakeOpenAiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class OpenAiProviderTest {
    private final FakeOpenAiServer server = new FakeOpenAiServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiProvider provider(String baseUrl, String key, int retries) {
        var cfg = new OpenAiConfig(baseUrl, key, "gpt-test", 512);
        return new OpenAiProvider(new LlmConfig(LlmProvider.OPENAI, 30, retries, null, cfg), sleeper, new Random(1));
    }

    private OpenAiProvider provider() {
        return provider(server.url(), FakeOpenAiServer.API_KEY, 3);
    }

    private LlmException failure(OpenAiProvider provider) {
        return catchThrowableOfType(LlmException.class,
                () -> provider.chat(AnthropicProviderTest.ask("hi"), StreamListener.NONE));
    }

    @Test
    void chat_streamsText_andMovesCachedTokensOutOfInput() {
        server.usage(new Usage(30, 4, 70, 0)).enqueueText("Hello from OpenAI");
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResult result = provider().chat(AnthropicProviderTest.ask("hi"), deltas::add);

        assertThat(deltas).containsExactly("Hello", " from", " OpenAI");
        assertThat(result.message().text()).isEqualTo("Hello from OpenAI");
        assertThat(result.usage()).isEqualTo(new Usage(30, 4, 70, 0));
        assertThat(result.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(result.model()).isEqualTo("gpt-test");
        var sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + FakeOpenAiServer.API_KEY);
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.body().path("max_completion_tokens").asInt()).isEqualTo(512);
        assertThat(sent.body().path("messages").get(0).path("role").asText()).isEqualTo("system");
    }

    @Test
    void chat_withRequestModel_callsThatModel() {
        provider().chat(new ChatRequest("sys", List.of(ChatMessage.user("hi")), List.of(), "gpt-5-mini"), StreamListener.NONE);

        assertThat(server.lastRequest().body().path("model").asText()).isEqualTo("gpt-5-mini");
    }

    @Test
    void chat_toolCall_assemblesArgumentsAcrossChunks() {
        server.enqueueToolUse("current_time", "{\"timezone\":\"UTC\"}");
        var request = new ChatRequest("sys", List.of(ChatMessage.user("time?")),
                List.of(new ToolSpec("current_time", "Returns the time", AnthropicProviderTest.TIME_SCHEMA)));

        ChatResult result = provider().chat(request, StreamListener.NONE);

        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(result.message().toolUses()).singleElement().satisfies(u -> {
            assertThat(u.id()).startsWith("call_fake_");
            assertThat(u.name()).isEqualTo("current_time");
            assertThat(u.input()).isEqualTo("{\"timezone\":\"UTC\"}");
        });
        JsonNode fn = server.lastRequest().body().path("tools").get(0).path("function");
        assertThat(fn.path("name").asText()).isEqualTo("current_time");
        assertThat(fn.path("parameters").path("properties").path("timezone").path("type").asText()).isEqualTo("string");
    }

    @Test
    void chat_sendsToolHistoryAsToolCallsAndToolMessages() {
        var history = List.of(ChatMessage.user("time?"),
                new ChatMessage(Role.ASSISTANT, List.of(
                        new ContentBlock.ToolUse("call_1", "current_time", "{\"timezone\":\"UTC\"}"))),
                new ChatMessage(Role.USER, List.of(new ContentBlock.ToolResult("call_1", "12:00", false))));

        provider().chat(new ChatRequest("sys", history, List.of()), StreamListener.NONE);

        JsonNode messages = server.lastRequest().body().path("messages");
        JsonNode call = messages.get(2).path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_1");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"timezone\":\"UTC\"}");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("12:00");
    }

    @Test
    void chat_429WithRetryAfterMs_isRetried() {
        server.enqueueError(429, "rate_limit_exceeded", "Rate limit reached", Map.of("retry-after-ms", "250"))
                .enqueueText("ok");

        assertThat(provider().chat(AnthropicProviderTest.ask("hi"), StreamListener.NONE).message().text())
                .isEqualTo("ok");
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void chat_wrongKey_isLlmAuthNamingOpenAiKey() {
        LlmException e = failure(provider(server.url(), "sk-wrong", 3));

        assertThat(e.code()).isEqualTo("llm_auth");
        assertThat(e.getMessage()).contains("OPENAI_API_KEY", "Incorrect API key provided").doesNotContain("sk-wrong");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void chat_serverErrorsPastRetries_isLlmErrorWithMessage() {
        for (int i = 0; i < 2; i++) server.enqueueError(500, "server_error", "The server had an error");

        LlmException e = failure(provider(server.url(), FakeOpenAiServer.API_KEY, 1));

        assertThat(e.code()).isEqualTo("llm_error");
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.getMessage()).contains("The server had an error [server_error]");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void chat_keylessLocalServer_works() {
        try (var local = new FakeOpenAiServer(null)) {
            ChatResult r = provider(local.url(), null, 0).chat(AnthropicProviderTest.ask("ping"), StreamListener.NONE);
            assertThat(r.message().text()).isEqualTo("echo: ping");
            assertThat(local.lastRequest().header("authorization")).isNull();
        }
    }

    @Test
    void chat_missingKeyForOpenAiHost_isLlmAuthWithoutRequest() {
        LlmException e = failure(provider("https://api.openai.com/v1", null, 3));

        assertThat(e.code()).isEqualTo("llm_auth");
        assertThat(e.getMessage()).contains("OPENAI_API_KEY", "llm.openai.api_key");
    }
}
