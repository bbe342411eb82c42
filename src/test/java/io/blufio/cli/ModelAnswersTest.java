package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.agent.Conversations;
import io.blufio.agent.HistoryEntry;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeLlmServer;
import io.blufio.fixtures.FakeOpenAiServer;
import io.blufio.fixtures.RecordedRequest;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import io.blufio.store.MessageStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rare answers of a model server, end to end through the gateway and the agent, for both wire protocols:
 * what the caller gets, what is stored, what is billed, and that the session's next turn works.
 */
final class ModelAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private FakeLlmServer llm;
    private InProcessDaemon d;

    @AfterEach
    void stop() {
        if (d != null) d.close();
        if (llm != null) llm.close();
    }

    private void start(String protocol, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        if (protocol.equals("openai")) {
            llm = new FakeOpenAiServer();
            env.put("BLUFIO_LLM__PROVIDER", "openai");
            env.put("OPENAI_API_KEY", FakeOpenAiServer.API_KEY);
            env.put("BLUFIO_LLM__OPENAI__BASE_URL", llm.url());
            d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, env);
        } else {
            llm = new FakeAnthropicServer();
            d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, env);
        }
    }

    private HttpResponse<String> message(String content) throws Exception {
        return d.post("/v1/messages", JSON.createObjectNode().put("content", content).put("session", "s1").toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private List<HistoryEntry> stored() {
        var conversations = new Conversations(d.daemon.db());
        long id = conversations.sessionByKey("api:s1").orElseThrow().id();
        return conversations.history(id, 100, 0).reversed();
    }

    /** Returns every message text the model was sent in {@code r} (all roles, all blocks), joined. */
    private static String sentText(RecordedRequest r) {
        return r.body().path("messages").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void emptyAnswer_is502_notStored_billed_andTheNextTurnIsAnsweredNormally(String protocol) throws Exception {
        start(protocol, Map.of());
        llm.enqueueEmpty();

        HttpResponse<String> first = message("first");

        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(first.body()).path("error").path("code").asText()).isEqualTo("llm_empty_answer");
        assertThat(new LedgerStore(d.daemon.db()).forTurn(1)).singleElement()
                .satisfies(e -> assertThat(e.inputTokens()).isPositive());

        HttpResponse<String> second = message("second");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("content").asText()).isEqualTo("echo: second");
        assertThat(sentText(llm.lastRequest())).doesNotContain("\"content\":[]").doesNotContain("first");
        assertThat(stored()).extracting(HistoryEntry::text).containsExactly("second", "echo: second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void errorMidStream_isA502JsonError_nothingStoredAsTheAnswer_andTheNextTurnWorks(String protocol) throws Exception {
        start(protocol, Map.of());
        llm.enqueueStreamError("Partial answer that will", "api_error", "Internal server error");

        HttpResponse<String> first = message("first");

        assertThat(first.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(first.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("llm_stream_error");
        assertThat(error.path("message").asText()).contains("Internal server error");
        assertThat(stored()).isEmpty();

        HttpResponse<String> second = message("second");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("content").asText()).isEqualTo("echo: second");
        assertThat(sentText(llm.lastRequest())).doesNotContain("Partial answer");
        assertThat(stored()).extracting(HistoryEntry::text).containsExactly("second", "echo: second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void errorMidStream_overEventStream_endsWithAnErrorEvent(String protocol) throws Exception {
        start(protocol, Map.of());
        llm.enqueueStreamError("Partial", "api_error", "Internal server error");
        byte[] body = "{\"content\":\"first\",\"session\":\"s1\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<java.io.InputStream> res = d.send(d.signedPost("/v1/messages", body).header("Accept", "text/event-stream"),
                HttpResponse.BodyHandlers.ofInputStream());

        List<String> events = new ArrayList<>();
        JsonNode last = null;
        try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) event = line.substring(7);
                if (line.startsWith("data: ")) {
                    events.add(event);
                    last = JSON.readTree(line.substring(6));
                }
            }
        }
        assertThat(events).contains("delta").last().isEqualTo("error");
        assertThat(last.path("code").asText()).isEqualTo("llm_stream_error");
        assertThat(stored()).isEmpty();
        assertThat(message("second").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void streamCutBeforeItsFinalEvent_is502_andTheNextTurnWorks(String protocol) throws Exception {
        start(protocol, Map.of());
        llm.enqueueCut("Half of");

        HttpResponse<String> first = message("first");

        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(first.body()).path("error").path("code").asText()).isEqualTo("llm_incomplete");
        assertThat(new LedgerStore(d.daemon.db()).forTurn(1)).singleElement().satisfies(e -> assertThat(e.estimated()).isTrue());
        assertThat(message("second").statusCode()).isEqualTo(200);
        assertThat(stored()).extracting(HistoryEntry::text).containsExactly("second", "echo: second");
    }

    @Test
    void openAiCompatibleServerWithoutUsage_billsEstimatedTokens_marksTheRow_andATinyBudgetStillRefuses() throws Exception {
        start("openai", Map.of("BLUFIO_COST__DAILY_BUDGET_USD", "0.000001"));
        llm.omitUsage(true);

        HttpResponse<String> first = message("hello");

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(body.path("usage").path("output_tokens").asLong()).isPositive();
        assertThat(body.path("usage").path("estimated").asBoolean()).isTrue();
        assertThat(body.path("cost_usd").decimalValue()).isPositive();
        List<LedgerEntry> rows = new LedgerStore(d.daemon.db()).forTurn(1);
        assertThat(rows).singleElement().satisfies(e -> {
            assertThat(e.estimated()).isTrue();
            assertThat(e.inputTokens()).isPositive();
            assertThat(e.costUsd()).isPositive();
        });
        assertThat(new LedgerStore(d.daemon.db()).estimatedByModel(Instant.EPOCH)).containsEntry("gpt-5.4-mini", 1L);
        int before = llm.requests().size();

        HttpResponse<String> second = message("again");

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(second.body()).path("error").path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(llm.requests()).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void historyStoredByAnOlderVersion_isRepairedBeforeItIsSent(String protocol) throws Exception {
        start(protocol, Map.of());
        assertThat(message("first").statusCode()).isEqualTo(200);
        long session = new Conversations(d.daemon.db()).sessionByKey("api:s1").orElseThrow().id();
        // what older versions stored: an empty answer, and a tool call whose result was never written
        d.daemon.db().write(c -> {
            MessageStore m = new MessageStore(d.daemon.db());
            m.insert(c, session, 90, "user", "[{\"type\":\"text\",\"text\":\"lost turn\"}]", null, Instant.now());
            m.insert(c, session, 90, "assistant", "[]", "m", Instant.now());
            m.insert(c, session, 91, "user", "[{\"type\":\"text\",\"text\":\"and now?\"}]", null, Instant.now());
            m.insert(c, session, 91, "assistant", "[{\"type\":\"tool_use\",\"id\":\"toolu_x\",\"name\":\"current_time\",\"input\":\"{}\"}]",
                    "m", Instant.now());
            m.insert(c, session, 92, "assistant", "[{\"type\":\"picture\"}]", "m", Instant.now());  // unreadable: left out
            return null;
        });

        HttpResponse<String> next = message("third");

        assertThat(next.statusCode()).isEqualTo(200);
        String sent = sentText(llm.lastRequest());
        assertThat(sent).doesNotContain("\"content\":[]").contains("lost turn", "and now?", "toolu_x");
        assertThat(sent).contains(protocol.equals("openai") ? "\"tool_call_id\":\"toolu_x\"" : "\"tool_use_id\":\"toolu_x\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void providerRefusingTheHistory_setsItAsideOnce_andLaterTurnsDoNotSendItAgain(String protocol) throws Exception {
        start(protocol, Map.of());
        assertThat(message("remember the blue door").statusCode()).isEqualTo(200);
        llm.enqueueError(400, "invalid_request_error", "messages.1.content: all messages must have non-empty content except for the optional final assistant message");

        HttpResponse<String> second = message("second");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("content").asText()).endsWith("second");  // the echo repeats the summary
        List<RecordedRequest> requests = llm.requests();
        // refused call, the compaction of the refused history (a plain transcript), the retried turn
        assertThat(requests).hasSize(4);
        assertThat(sentText(requests.get(2))).contains("blue door").contains("<new_conversation>");
        assertThat(sentText(requests.get(3))).contains("conversation_summary");
        assertThat(message("third").statusCode()).isEqualTo(200);
        assertThat(sentText(llm.lastRequest())).doesNotContain("remember the blue door\"");
        assertThat(llm.requests()).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "openai"})
    void toolCallsThatCannotRun_areAnsweredWithAnError_andTheModelGoesOn(String protocol) throws Exception {
        start(protocol, Map.of());
        llm.enqueueToolUse("launch_rockets", "{}").enqueueToolUse("current_time", "{\"timezone\": Europe").enqueueText("Sorry, done.");

        HttpResponse<String> r = message("do things");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("content").asText()).isEqualTo("Sorry, done.");
        List<RecordedRequest> requests = llm.requests();
        assertThat(sentText(requests.get(1))).contains("there is no tool named").contains("launch_rockets");
        assertThat(sentText(requests.get(2))).contains("not a JSON object");
        assertThat(stored()).hasSize(6);
        assertThat(message("next").statusCode()).isEqualTo(200);  // the stored calls replay cleanly
        assertThat(d.get("/metrics").body()).contains("blufio_errors_total{kind=\"llm_tool_unknown\"} 1.0")
                .contains("blufio_errors_total{kind=\"llm_tool_arguments_invalid\"} 1.0");
    }
}
