package io.blufio.cli;

import io.blufio.app.App;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.BlufioException;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.llm.Usage;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ledger arithmetic, budgets, metrics and memory-pressure refusal through the real gateway. */
final class CostAndMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private InProcessDaemon d;
    private App daemon;

    @BeforeEach
    void startLlm() {
        llm = new FakeAnthropicServer();
    }

    @AfterEach
    void stop() {
        if (d != null) d.close();
        llm.close();
    }

    private App start(Map<String, String> extra) {
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, extra);
        daemon = d.daemon;
        return daemon;
    }

    private HttpResponse<String> message(String content, String session) throws Exception {
        byte[] body = JSON.createObjectNode().put("content", content).put("session", session).toString().getBytes(StandardCharsets.UTF_8);
        return d.post("/v1/messages", body);
    }

    private HttpResponse<String> metrics() throws Exception {
        return d.get("/metrics");
    }

    @Test
    void ledger_costEqualsPriceTableArithmetic_withCacheTokens() throws Exception {
        start(Map.of());
        llm.usage(new Usage(1000, 500, 2000, 300));
        llm.enqueueToolUse("current_time", "{}");
        llm.enqueueText("done");
        HttpResponse<String> r = message("what time?", "s1");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        // claude-sonnet-5-5: input $2, output $10, cache read $0.10, cache write $2.50 per MTok
        BigDecimal perCall = new BigDecimal("0.00795");  // (1000*2 + 500*10 + 2000*0.10 + 300*2.50) / 1e6
        List<LedgerEntry> rows = new LedgerStore(daemon.db()).forTurn(1);
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(LedgerEntry::feature).containsExactly("chat", "tool");
        for (LedgerEntry e : rows) assertThat(e.costUsd()).isEqualByComparingTo(perCall);
        assertThat(body.path("cost_usd").decimalValue()).isEqualByComparingTo(perCall.multiply(BigDecimal.TWO));
        assertThat(body.path("usage").path("cache_read_tokens").asLong()).isEqualTo(4000);
    }

    @Test
    void budget_tinyDailyCap_refusesNextTurnWithoutLlmRequest() throws Exception {
        start(Map.of("BLUFIO_COST__DAILY_BUDGET_USD", "0.001"));
        llm.usage(new Usage(1000, 500, 0, 0));
        assertThat(message("first", "s1").statusCode()).isEqualTo(200);
        int before = llm.requests().size();
        HttpResponse<String> r = message("second", "s1");
        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode err = JSON.readTree(r.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(err.path("message").asText()).contains("cost.daily_budget_usd").contains("00:00 UTC");
        assertThat(llm.requests()).hasSize(before);
        assertThat(metrics().body()).contains("blufio_budget_remaining_usd{period=\"day\"} 0.0");
    }

    @Test
    void metrics_afterTurns_carryTokenCostAndLatencyFamilies() throws Exception {
        start(Map.of());
        llm.usage(new Usage(1000, 500, 0, 0));
        assertThat(message("hello", "s1").statusCode()).isEqualTo(200);
        // the turn is counted when the runner returns, just after the answer went out: wait for it, not for a time
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> metrics().body().contains("blufio_turns_total{channel=\"api\",outcome=\"ok\"} 1.0"));
        HttpResponse<String> r = metrics();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        String text = r.body();
        assertThat(text).contains("blufio_llm_tokens_total{model=\"claude-sonnet-5-5\",provider=\"anthropic\",type=\"input\"} 1000.0");
        assertThat(text).contains("blufio_cost_usd_total{feature=\"chat\",model=\"claude-sonnet-5-5\"} 0.007");
        assertThat(text).contains("blufio_llm_request_duration_seconds_bucket{model=\"claude-sonnet-5-5\",outcome=\"ok\",provider=\"anthropic\",le=\"120.0\"} 1");
        assertThat(text).contains("blufio_turns_total{channel=\"api\",outcome=\"ok\"} 1.0");
        assertThat(text).contains("blufio_messages_total{channel=\"api\",direction=\"in\"} 1.0");
        assertThat(text).contains("blufio_memory_pressure 0.0").contains("blufio_active_sessions 1.0").contains("blufio_inbox_depth 0.0");
        assertThat(text).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
        promtoolAccepts(text);
    }

    /** Runs {@code promtool check metrics} (Debian package prometheus) when it is installed. */
    private void promtoolAccepts(String text) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) return;
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void unpricedModel_isRefusedAtStart_unlessPricingFileNamesIt() throws Exception {
        assertThatThrownBy(() -> start(Map.of("BLUFIO_LLM__ANTHROPIC__MODEL", "claude-unknown-9")))
                .isInstanceOf(BlufioException.class).hasMessageContaining("claude-unknown-9").hasMessageContaining("cost.pricing_file")
                .satisfies(e -> assertThat(ExitCodes.forCode(((BlufioException) e).code())).isEqualTo(ExitCodes.CONFIG));
        Path prices = tmp.resolve("prices.toml");
        Files.writeString(prices, "[models.\"claude-unknown-9\"]\ninput = 1\noutput = 2\ncache_read = 0.1\ncache_write = 1.25\n");
        start(Map.of("BLUFIO_LLM__ANTHROPIC__MODEL", "claude-unknown-9", "BLUFIO_COST__PRICING_FILE", prices.toString()));
        llm.usage(new Usage(1_000_000, 500_000, 0, 0));  // $1 input + $1 output at the file's prices
        assertThat(JSON.readTree(message("hi", "s1").body()).path("cost_usd").asDouble()).isEqualTo(2.0);
    }

    @Test
    void memoryPressure_refusesNewSessions_whileExistingOnesContinue() throws Exception {
        start(Map.of());
        assertThat(message("hello", "old").statusCode()).isEqualTo(200);
        daemon.agent().refuseNewSessions(true);
        assertThat(message("still here", "old").statusCode()).isEqualTo(200);
        HttpResponse<String> r = message("hello", "new");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("memory_pressure");
        daemon.agent().refuseNewSessions(false);
        assertThat(message("hello", "new").statusCode()).isEqualTo(200);
    }
}
