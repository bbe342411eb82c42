package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.fixtures.FakeAnthropicServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, timeouts and error mapping, against the Anthropic stand-in. */
final class AnthropicFailureTest {
    private final FakeAnthropicServer server = new FakeAnthropicServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicProvider provider(String baseUrl, String key, int retries, int timeoutS) {
        var cfg = new AnthropicConfig(baseUrl, key, "claude-test", 1024, true);
        return new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, timeoutS, retries, cfg, null), sleeper, new Random(1));
    }

    private AnthropicProvider provider(int retries) {
        return provider(server.url(), FakeAnthropicServer.API_KEY, retries, 30);
    }

    private LlmException failure(AnthropicProvider provider) {
        return catchThrowableOfType(LlmException.class, () -> provider.chat(AnthropicProviderTest.ask("hi"),
                StreamListener.NONE));
    }

    @Test
    void chat_529ThenSuccess_isRetriedAfterBackoff() {
        server.enqueueError(529, "overloaded_error", "Overloaded").enqueueText("fine now");

        ChatResult result = provider(3).chat(AnthropicProviderTest.ask("hi"), StreamListener.NONE);

        assertThat(result.message().text()).isEqualTo("fine now");
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeper.waits()).singleElement()
                .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofMillis(500)));
    }

    @Test
    void chat_429WithRetryAfter_waitsWhatTheServerAsked() {
        server.enqueueError(429, "rate_limit_error", "Number of requests has exceeded your rate limit",
                Map.of("retry-after", "1")).enqueueText("ok");

        ChatResult result = provider(3).chat(AnthropicProviderTest.ask("hi"), StreamListener.NONE);

        assertThat(result.message().text()).isEqualTo("ok");
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(1000));
    }

    @Test
    void chat_overloadedPastMaxRetries_isLlmOverloaded() {
        for (int i = 0; i < 3; i++) server.enqueueError(529, "overloaded_error", "Overloaded");

        LlmException e = failure(provider(2));

        assertThat(e.code()).isEqualTo("llm_overloaded");
        assertThat(e.httpStatus()).isEqualTo(529);
        assertThat(e.getMessage()).contains("Overloaded", "after 2 retries");
        assertThat(server.requests()).hasSize(3);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void chat_rateLimitedPastMaxRetries_isLlmRateLimited() {
        server.enqueueError(429, "rate_limit_error", "slow down");

        LlmException e = failure(provider(0));

        assertThat(e.code()).isEqualTo("llm_rate_limited");
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void chat_wrongKey_isLlmAuthWithoutRetry() {
        String wrongKey = "sk-ant-wrong-secret";

        LlmException e = failure(provider(server.url(), wrongKey, 3, 30));

        assertThat(e.code()).isEqualTo("llm_auth");
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).contains("refused the API key (HTTP 401)", "ANTHROPIC_API_KEY")
                .doesNotContain(wrongKey);
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void chat_badRequest_isLlmErrorWithProviderMessage() {
        server.enqueueError(400, "invalid_request_error", "max_tokens: 99999 > 64000, which is the maximum allowed");

        LlmException e = failure(provider(3));

        assertThat(e.code()).isEqualTo("llm_error");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).contains("max_tokens: 99999 > 64000");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void chat_badRequestBlamingTheMessages_isLlmHistoryInvalid() {
        server.enqueueError(400, "invalid_request_error", "messages: roles must alternate");

        LlmException e = failure(provider(3));

        assertThat(e.error()).isEqualTo(LlmError.HISTORY_INVALID);
        assertThat(e.code()).isEqualTo("llm_history_invalid");
        assertThat(e.getMessage()).contains("history", "messages: roles must alternate");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void chat_closedPort_isLlmUnreachableNamingHostNotKey() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        LlmException e = failure(provider("http://127.0.0.1:" + port, FakeAnthropicServer.API_KEY, 3, 30));

        assertThat(e.code()).isEqualTo("llm_unreachable");
        assertThat(e.getMessage()).contains("127.0.0.1:" + port, "llm.anthropic.base_url")
                .doesNotContain(FakeAnthropicServer.API_KEY);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void chat_unknownHost_isLlmUnreachable() {
        LlmException e = failure(provider("http://no-such-host.invalid", FakeAnthropicServer.API_KEY, 0, 30));

        assertThat(e.code()).isEqualTo("llm_unreachable");
        assertThat(e.getMessage()).contains("no-such-host.invalid");
    }

    @Test
    void chat_streamSlowerThanRequestTimeout_isLlmTimeout_afterTextSoFar() {
        server.enqueueSlowText("one two three four five six", 400);
        List<String> deltas = new CopyOnWriteArrayList<>();
        var provider = provider(server.url(), FakeAnthropicServer.API_KEY, 3, 1);

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> provider.chat(AnthropicProviderTest.ask("hi"), deltas::add));

        assertThat(e.code()).isEqualTo("llm_timeout");
        assertThat(e.getMessage()).contains("1 s", "llm.request_timeout_s");
        assertThat(deltas).isNotEmpty().hasSizeLessThan(6);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void standInRefuseWhen_refusesMatchingRequestsOnly_andLeavesTheQueue() {
        server.refuseWhen(body -> body.path("system").toString().contains("summary"),
                new io.blufio.fixtures.FakeReply.Error(400, "invalid_request_error", "compaction refused", Map.of()));
        server.enqueueText("queued answer");
        var provider = provider(0);

        LlmException refused = catchThrowableOfType(LlmException.class, () -> provider.chat(
                new ChatRequest("Write the summary.", List.of(ChatMessage.user("x")), List.of()), StreamListener.NONE));
        ChatResult normal = provider.chat(AnthropicProviderTest.ask("hi"), StreamListener.NONE);

        assertThat(refused.getMessage()).contains("compaction refused");
        assertThat(normal.message().text()).isEqualTo("queued answer");
        assertThat(server.requests()).hasSize(2);
    }
}
