package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.BlufioException;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.RecordedRequest;
import io.blufio.llm.Usage;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model routing through the real gateway and agent, as the LLM stand-in sees it (SPEC section 13). */
final class RoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SIMPLE = "claude-haiku-4-5";
    static final String STANDARD = "claude-sonnet-4-5";
    static final String COMPLEX = "claude-opus-4-5";
    static final String DESIGN = "I am designing the storage layer of a small always-on agent that runs on a server with 1 GB of RAM. "
            + "Should I keep one SQLite file in WAL mode with a single serialised writer, or split the inbox, the ledger and the "
            + "long-term memory into separate databases? Compare the trade-offs for crash safety, online backups and write latency.";
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private InProcessDaemon d;

    @BeforeEach
    void startLlm() {
        llm = new FakeAnthropicServer();
    }

    @AfterEach
    void stop() {
        if (d != null) d.close();
        llm.close();
    }

    private static Map<String, String> routing(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("BLUFIO_ROUTING__ENABLED", "true", "BLUFIO_ROUTING__SIMPLE_MODEL", SIMPLE,
                "BLUFIO_ROUTING__STANDARD_MODEL", STANDARD, "BLUFIO_ROUTING__COMPLEX_MODEL", COMPLEX, "BLUFIO_MEMORY__ENABLED", "false"));
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private JsonNode message(String content) throws Exception {
        byte[] body = JSON.createObjectNode().put("content", content).put("session", "r").toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = d.post("/v1/messages", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String lastUserText(RecordedRequest req) {
        JsonNode msgs = req.body().path("messages");
        JsonNode content = msgs.get(msgs.size() - 1).path("content");
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        content.forEach(b -> sb.append(b.path("text").asText()));
        return sb.toString();
    }

    @Test
    void routing_hiGoesSimple_designQuestionComplex_modelOverrideForOneMessage() throws Exception {
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, routing());

        JsonNode hi = message("hi");
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo(SIMPLE);
        assertThat(hi.path("tier").asText()).isEqualTo("simple");
        assertThat(hi.path("model").asText()).isEqualTo(SIMPLE);

        JsonNode design = message(DESIGN);
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo(COMPLEX);
        assertThat(design.path("tier").asText()).isEqualTo("complex");

        JsonNode forced = message("/model claude-sonnet-5-5 what is two plus two?");
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo("claude-sonnet-5-5");
        assertThat(lastUserText(llm.lastRequest())).isEqualTo("what is two plus two?").doesNotContain("/model");
        assertThat(forced.path("tier").asText()).isEqualTo("override");

        message("thanks!");
        assertThat(llm.lastRequest().body().path("model").asText()).as("the override held for one message").isEqualTo(SIMPLE);

        LedgerStore ledger = new LedgerStore(d.daemon.db());
        assertThat(ledger.forTurn(2)).singleElement().extracting(LedgerEntry::model, LedgerEntry::intendedModel)
                .containsExactly(COMPLEX, COMPLEX);
        String metrics = d.get("/metrics").body();
        assertThat(metrics).contains("blufio_routed_turns_total{model=\"" + SIMPLE + "\",tier=\"simple\"} 2.0")
                .contains("blufio_routed_turns_total{model=\"" + COMPLEX + "\",tier=\"complex\"} 1.0")
                .contains("blufio_routed_turns_total{model=\"claude-sonnet-5-5\",tier=\"override\"} 1.0");
        JsonNode routing = d.daemon.health().detail(JSON).path("routing");
        assertThat(routing.path("enabled").asBoolean()).isTrue();
        assertThat(routing.path("turns").path("simple").asLong()).isEqualTo(2);
        assertThat(routing.path("turns").path("override").asLong()).isEqualTo(1);
        assertThat(routing.path("models").path("complex").asText()).isEqualTo(COMPLEX);
        assertThat(routing.path("downgrade").asText()).isEqualTo("none");
    }

    @Test
    void routing_at95PercentOfTheDailyBudget_everyTurnUsesTheSimpleModel_andTheUserIsToldOnce() throws Exception {
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, routing("BLUFIO_COST__DAILY_BUDGET_USD", "1.0"));
        llm.usage(new Usage(320_000, 0, 0, 0));  // claude-sonnet-4-5 at $3 per MTok of input: $0.96, 96 % of the cap
        JsonNode first = message("why is the sky blue?");
        assertThat(first.path("model").asText()).isEqualTo(STANDARD);
        llm.usage(new Usage(10, 5, 0, 0));

        JsonNode told = message(DESIGN);
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo(SIMPLE);
        assertThat(told.path("tier").asText()).isEqualTo("simple");
        assertThat(told.path("content").asText()).startsWith("(Budget: 96 % of the daily budget is spent")
                .contains("simple model " + SIMPLE);
        JsonNode again = message("/complex " + DESIGN);
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo(SIMPLE);
        assertThat(again.path("content").asText()).as("told once").doesNotContain("Budget:");
        message("why is the sky blue?");
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo(SIMPLE);

        assertThat(new LedgerStore(d.daemon.db()).forTurn(2)).singleElement()
                .extracting(LedgerEntry::model, LedgerEntry::intendedModel).containsExactly(SIMPLE, COMPLEX);
        assertThat(d.daemon.health().detail(JSON).path("routing").path("downgrade").asText()).isEqualTo("simple_only");
    }

    @Test
    void routing_unpricedRoutedModel_refusesToStart_andConfigValidateSaysWhich() {
        Map<String, String> env = routing("BLUFIO_ROUTING__COMPLEX_MODEL", "claude-imaginary-9");
        assertThatThrownBy(() -> d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, env))
                .isInstanceOf(BlufioException.class).hasMessageContaining("claude-imaginary-9")
                .satisfies(e -> assertThat(ExitCodes.forCode(((BlufioException) e).code())).isEqualTo(ExitCodes.CONFIG));

        Map<String, String> cliEnv = new HashMap<>(env);
        cliEnv.put("HOME", tmp.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--data-dir", tmp.resolve("data").toString(), "config", "validate"}, cliEnv,
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("routing.complex_model: model \"claude-imaginary-9\" has no price").contains("cost.pricing_file");
    }

    @Test
    void routingOff_noTierInTheAnswer_andPrefixesAreLeftAlone() throws Exception {
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, Map.of("BLUFIO_MEMORY__ENABLED", "false"));
        JsonNode r = message("/complex hi");
        assertThat(r.has("tier")).isFalse();
        assertThat(llm.lastRequest().body().path("model").asText()).isEqualTo("claude-sonnet-5-5");
        assertThat(lastUserText(llm.lastRequest())).isEqualTo("/complex hi");
        assertThat(d.daemon.health().detail(JSON).path("routing").path("enabled").asBoolean(true)).isFalse();
    }
}
