package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.store.LedgerStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fact extraction as wired by {@code serve}: a conversation through the gateway, the daemon's own extraction
 * thread after a one-second idle delay, the result read with {@code blufio memory list --json}.
 */
final class ExtractionDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private JsonNode memoryList() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--data-dir", tmp.resolve("data").toString(), "memory", "list", "--json"},
                Map.of("HOME", tmp.toString()), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    private static int extractedFacts(InProcessDaemon d) {
        return d.daemon.db().read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM memories WHERE source = 'extracted'")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Test
    void serve_extractsAFactAfterTheIdleDelay_andMemoryListShowsItAsExtracted() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
                InProcessDaemon d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY,
                        Map.of("BLUFIO_MEMORY__EXTRACT_AFTER_IDLE_S", "1"))) {
            llm.enqueueText("Noted, Pixel is a lovely name.");
            llm.enqueueText("[{\"content\": \"The user's cat is named Pixel.\", \"category\": \"pet\", \"replaces\": null}]");
            byte[] body = JSON.createObjectNode().put("content", "my cat is called Pixel").toString().getBytes(StandardCharsets.UTF_8);
            assertThat(d.post("/v1/messages", body).statusCode()).isEqualTo(200);

            // polled through the daemon's own connections: a CLI run per poll opens the database anew (migrations)
            // and could make the extraction's write meet SQLITE_BUSY; the retry would then get no JSON answer
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> extractedFacts(d) == 1);
            JsonNode list = memoryList();
            assertThat(new LedgerStore(d.daemon.db()).forFeature("extraction")).hasSize(1);
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("text").asText()).isEqualTo("The user's cat is named Pixel.");
            assertThat(list.get(0).path("source").asText()).isEqualTo("extracted");
            assertThat(list.get(0).path("status").asText()).isEqualTo("active");
            assertThat(list.get(0).path("category").asText()).isEqualTo("pet");
        }
    }
}
