package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.fixtures.FakeAnthropicServer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class AnthropicProviderTest {
    static final String TIME_SCHEMA = "{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\","
            + "\"description\":\"IANA zone\",\"default\":\"UTC\"}},\"required\":[\"timezone\"]}";

    private final FakeAnthropicServer server = new FakeAnthropicServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicProvider provider() {
        return provider(server.url(), FakeAnthropicServer.API_KEY, 3, 30);
    }

    AnthropicProvider provider(String baseUrl, String key, int retries, int timeoutS) {
        var cfg = new AnthropicConfig(baseUrl, key, "claude-test", 1024, true);
        return new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, timeoutS, retries, cfg, null), sleeper, new Random(1));
    }

    static ChatRequest ask(String text) {
        return new ChatRequest("You are blufio.", List.of(ChatMessage.user(text)), List.of());
    }

    @Test
    void chat_streamsTextInPieces_andReturnsUsageWithCacheTokens() {
        server.usage(new Usage(12, 7, 200, 100)).enqueueText("Hello there, world");
        List<String> deltas = new CopyOnWriteArrayList<>();

        ChatResult result = provider().chat(ask("hi"), deltas::add);

        assertThat(deltas).containsExactly("Hello", " there,", " world");
        assertThat(result.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(result.message().text()).isEqualTo("Hello there, world");
        assertThat(result.usage()).isEqualTo(new Usage(12, 7, 200, 100));
        assertThat(result.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(result.model()).isEqualTo("claude-test");
        var sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("anthropic-version")).isNotBlank();
        assertThat(sent.header("x-api-key")).isEqualTo(FakeAnthropicServer.API_KEY);
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(sent.body().path("model").asText()).isEqualTo("claude-test");
    }

    @Test
    void chat_withRequestModel_callsThatModel_andOthersKeepTheConfiguredOne() {
        var routed = new ChatRequest("sys", List.of(ChatMessage.user("hi")), List.of(), "claude-haiku-4-5");

        ChatResult result = provider().chat(routed, StreamListener.NONE);

        assertThat(server.lastRequest().body().path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(result.model()).isEqualTo("claude-haiku-4-5");
        provider().chat(ask("again"), StreamListener.NONE);
        assertThat(server.lastRequest().body().path("model").asText()).isEqualTo("claude-test");
    }

    @Test
    void chat_toolUse_assemblesInputFromPartialJson() throws Exception {
        server.enqueueToolUse("current_time", "{\"timezone\":\"Europe/Paris\",\"format\":\"iso\"}");
        var request = new ChatRequest("sys", List.of(ChatMessage.user("time?")),
                List.of(new ToolSpec("current_time", "Returns the time", TIME_SCHEMA)));

        ChatResult result = provider().chat(request, StreamListener.NONE);

        assertThat(result.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(result.message().toolUses()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("current_time");
            assertThat(u.id()).startsWith("toolu_fake_");
            assertThat(u.input()).isEqualTo("{\"timezone\":\"Europe/Paris\",\"format\":\"iso\"}");
        });
    }

    @Test
    void chat_sendsSystemToolsAndToolHistoryInAnthropicWireForm() {
        var history = List.of(
                ChatMessage.user("what time is it?"),
                new ChatMessage(Role.ASSISTANT, List.of(new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolUse("toolu_1", "current_time", "{\"timezone\":\"UTC\"}"))),
                new ChatMessage(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1", "12:00", false))),
                ChatMessage.assistant("It is noon."),
                ChatMessage.user("and in Tokyo?"),
                new ChatMessage(Role.ASSISTANT, List.of(
                        new ContentBlock.ToolUse("toolu_2", "current_time", "{\"timezone\":\"Asia/Tokyo\"}"))),
                new ChatMessage(Role.USER, List.of(new ContentBlock.ToolResult("toolu_2", "no such zone", true))));
        var request = new ChatRequest("You are blufio.", history,
                List.of(new ToolSpec("current_time", "Returns the time", TIME_SCHEMA)));

        ChatResult result = provider().chat(request, StreamListener.NONE);

        assertThat(result.message().text()).isEqualTo("echo: and in Tokyo?");
        JsonNode body = server.lastRequest().body();
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("You are blufio.");
        assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("current_time");
        assertThat(tool.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        JsonNode tz = tool.path("input_schema").path("properties").path("timezone");
        assertThat(tz.path("type").asText()).isEqualTo("string");
        assertThat(tz.path("default").asText()).isEqualTo("UTC");
        assertThat(tool.path("input_schema").path("required").get(0).asText()).isEqualTo("timezone");

        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(7);
        JsonNode call = messages.get(1).path("content");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(call.get(0).path("type").asText()).isEqualTo("text");
        assertThat(call.get(1).path("type").asText()).isEqualTo("tool_use");
        assertThat(call.get(1).path("id").asText()).isEqualTo("toolu_1");
        assertThat(call.get(1).path("input").path("timezone").asText()).isEqualTo("UTC");
        JsonNode answer = messages.get(2).path("content").get(0);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(answer.path("type").asText()).isEqualTo("tool_result");
        assertThat(answer.path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(answer.path("content").asText()).isEqualTo("12:00");
        assertThat(answer.has("is_error")).isFalse();
        JsonNode failed = messages.get(6).path("content").get(0);
        assertThat(failed.path("tool_use_id").asText()).isEqualTo("toolu_2");
        assertThat(failed.path("is_error").asBoolean()).isTrue();
    }

    @Test
    void chat_withoutPromptCaching_sendsNoCacheControl() {
        var cfg = new AnthropicConfig(server.url(), FakeAnthropicServer.API_KEY, "claude-test", 1024, false);
        var provider = new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 30, 0, cfg, null), sleeper, new Random(1));

        provider.chat(ask("hi"), StreamListener.NONE);

        assertThat(server.lastRequest().body().toString()).doesNotContain("cache_control");
    }

    @Test
    void chat_fromManyVirtualThreadsAtOnce_answersEach() throws Exception {
        var provider = provider();
        List<String> answers = new CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String text = "message " + i;
            threads.add(Thread.ofVirtual().start(() -> answers.add(provider.chat(ask(text), StreamListener.NONE)
                    .message().text())));
        }
        for (Thread t : threads) t.join();

        assertThat(answers).hasSize(20).contains("echo: message 0", "echo: message 19");
    }

    @Test
    void chat_missingKey_isLlmAuthWithoutRequest() {
        var e = catchThrowableOfType(LlmException.class,
                () -> provider(server.url(), " ", 3, 30).chat(ask("hi"), StreamListener.NONE));

        assertThat(e.code()).isEqualTo("llm_auth");
        assertThat(e.getMessage()).contains("ANTHROPIC_API_KEY", "llm.anthropic.api_key");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void messagesRoot_appendsV1Once() {
        assertThat(AnthropicProtocol.messagesRoot("https://api.anthropic.com")).isEqualTo("https://api.anthropic.com/v1");
        assertThat(AnthropicProtocol.messagesRoot("https://api.anthropic.com/")).isEqualTo("https://api.anthropic.com/v1");
        assertThat(AnthropicProtocol.messagesRoot("https://x.test/v1")).isEqualTo("https://x.test/v1");
    }
}
