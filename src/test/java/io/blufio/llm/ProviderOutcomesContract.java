package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.blufio.fixtures.FakeLlmServer;
import io.blufio.fixtures.FakeReply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every outcome of the {@link Provider} contract, against a stand-in speaking one wire protocol; run once per
 * protocol by {@link AnthropicOutcomesTest} and {@link OpenAiOutcomesTest}.
 */
abstract class ProviderOutcomesContract {
    static final String TIME_SCHEMA = AnthropicProviderTest.TIME_SCHEMA;

    protected final RecordingSleeper sleeper = new RecordingSleeper();
    protected final FakeLlmServer server = newServer();
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    /** Returns the stand-in of this protocol. */
    abstract FakeLlmServer newServer();

    /** Returns a provider for {@link #server} with {@code retries} retries. */
    abstract Provider provider(int retries);

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatResult chat() {
        return provider(2).chat(withTool("hi"), deltas::add);
    }

    private LlmException failure(int retries) {
        return catchThrowableOfType(LlmException.class, () -> provider(retries).chat(withTool("hi"), deltas::add));
    }

    static ChatRequest withTool(String text) {
        return new ChatRequest("You are blufio.", List.of(ChatMessage.user(text)),
                List.of(new ToolSpec("current_time", "Returns the time", TIME_SCHEMA)));
    }

    @Test
    void text_isTheAnswer_withReportedUsage() {
        server.enqueueText("Hello there");

        ChatResult r = chat();

        assertThat(r.message().text()).isEqualTo("Hello there");
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(r.usage()).isEqualTo(FakeLlmServer.DEFAULT_USAGE);
        assertThat(r.usage().estimated()).isFalse();
    }

    @Test
    void toolCall_isReturnedWhole() {
        server.enqueueToolUse("current_time", "{\"timezone\":\"UTC\"}");

        ChatResult r = chat();

        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(r.message().toolUses()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("current_time");
            assertThat(u.input()).isEqualTo("{\"timezone\":\"UTC\"}");
        });
    }

    @Test
    void emptyAnswer_isLlmEmptyAnswer_billedWithReportedUsage() {
        server.enqueueEmpty();

        LlmException e = failure(2);

        assertThat(e.error()).isEqualTo(LlmError.EMPTY_ANSWER);
        assertThat(e.code()).isEqualTo("llm_empty_answer");
        assertThat(e.getMessage()).contains("empty answer", "nothing is stored");
        assertThat(e.usage().inputTokens()).isEqualTo(FakeLlmServer.DEFAULT_USAGE.inputTokens());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void maxTokensInsideToolCall_withoutText_isLlmTruncated() {
        server.enqueueTruncatedToolUse("", "current_time", "{\"timezone\":\"Eur");

        LlmException e = failure(2);

        assertThat(e.error()).isEqualTo(LlmError.TRUNCATED);
        assertThat(e.getMessage()).contains("max_tokens", "inside a tool call", ".max_tokens");
        assertThat(e.usage().isZero()).isFalse();
    }

    @Test
    void maxTokensInsideToolCall_afterText_returnsTheTextOnly_andNeverTheHalfCall() {
        server.enqueueTruncatedToolUse("Let me look that up", "current_time", "{\"timezone\":\"Eur");

        ChatResult r = chat();

        assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(r.message().text()).isEqualTo("Let me look that up");
        assertThat(r.message().toolUses()).isEmpty();
    }

    @Test
    void refusal_isLlmRefused_withTheTextSoFarStreamed() {
        server.enqueue(new FakeReply.Refusal("I can't help with that"));

        LlmException e = failure(2);

        assertThat(e.error()).isEqualTo(LlmError.REFUSED);
        assertThat(e.getMessage()).contains("declined to answer", "nothing of this answer is kept");
        assertThat(e.usage().isZero()).isFalse();
    }

    @Test
    void contentFilterStop_isLlmRefused() {
        server.enqueue(new FakeReply.ContentFilter("Here is how to"));

        LlmException e = failure(2);

        assertThat(e.error()).isEqualTo(LlmError.REFUSED);
        assertThat(deltas).isNotEmpty();
    }

    @Test
    void errorEventMidStream_isLlmStreamError_afterTheTextSoFar_andNotRetried() {
        server.enqueueStreamError("Partial answer", "api_error", "Internal server error");

        LlmException e = failure(2);

        assertThat(e.error()).isEqualTo(LlmError.STREAM_ERROR);
        assertThat(e.code()).isEqualTo("llm_stream_error");
        assertThat(e.getMessage()).contains("in the middle of its answer", "Internal server error", "api_error");
        assertThat(String.join("", deltas)).isEqualTo("Partial answer");
        assertThat(e.usage().outputTokens()).isPositive();
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void overloadEventBeforeAnyText_isRetried_likeA529() {
        server.enqueueStreamError("", "overloaded_error", "Overloaded").enqueueText("fine now");

        ChatResult r = chat();

        assertThat(r.message().text()).isEqualTo("fine now");
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void overloadEventBeforeAnyText_pastRetries_isLlmOverloaded() {
        server.enqueueStreamError("", "overloaded_error", "Overloaded");

        LlmException e = failure(0);

        assertThat(e.error()).isEqualTo(LlmError.OVERLOADED);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void streamEndingWithoutItsFinalEvent_isLlmIncomplete_billedWithAnEstimate() {
        server.enqueueCut("Half of an answer that");

        LlmException e = failure(2);

        assertThat(e.error()).isEqualTo(LlmError.INCOMPLETE);
        assertThat(e.getMessage()).contains("ended before its final event", "nothing of it is stored");
        assertThat(String.join("", deltas)).isEqualTo("Half of an answer that");
        assertThat(e.usage().outputTokens()).isGreaterThanOrEqualTo(TokenEstimate.of("Half of an answer that"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void malformedToolArguments_areReturnedAsWritten_forTheCallerToAnswer() {
        server.enqueueToolUse("current_time", "{\"timezone\": Europe/Paris");

        ChatResult r = chat();

        assertThat(r.message().toolUses()).singleElement()
                .satisfies(u -> assertThat(u.input()).isEqualTo("{\"timezone\": Europe/Paris"));
    }

    @Test
    void callToAToolNotOffered_isReturned_forTheCallerToAnswer() {
        server.enqueueToolUse("launch_rockets", "{}");

        ChatResult r = chat();

        assertThat(r.message().toolUses()).singleElement().satisfies(u -> assertThat(u.name()).isEqualTo("launch_rockets"));
    }

    @Test
    void answerWithoutUsage_isBilledWithEstimatedTokens() {
        server.omitUsage(true).enqueueText("An answer of some length");

        ChatResult r = chat();

        int requestBytes = server.lastRequest().bodyBytes();
        assertThat(r.usage().estimated()).isTrue();
        assertThat(r.usage().inputTokens()).isEqualTo(TokenEstimate.ofBytes(requestBytes)).isPositive();
        assertThat(r.usage().outputTokens()).isEqualTo(TokenEstimate.of("An answer of some length"));
    }

    @Test
    void answerWithZeroUsage_isEstimatedToo() {
        server.usage(Usage.ZERO).enqueueText("Some text");

        ChatResult r = chat();

        assertThat(r.usage().estimated()).isTrue();
        assertThat(r.usage().inputTokens()).isPositive();
        assertThat(r.usage().outputTokens()).isPositive();
    }

    @Test
    void requestBody_isCompactJson() {
        server.enqueueText("ok");

        chat();

        String raw = server.lastRequest().rawText();
        assertThat(raw).doesNotContain("\n").doesNotContain("\": ").startsWith("{\"");
    }
}
