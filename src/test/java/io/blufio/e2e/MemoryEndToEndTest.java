package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.cli.Main;
import io.blufio.fixtures.FakeAnthropicServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-term memory end to end: a real {@code serve}, the model (a fake Anthropic server) calls
 * {@code memory_save}, {@code blufio memory search} finds the fact, and a later turn about the topic
 * carries it in the request the model receives, after the cached system prompt.
 */
final class MemoryEndToEndTest {
    private static final String FACT = "User has a pet cat named Miso";
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private DaemonProcess daemon;

    @BeforeEach
    void start() throws Exception {
        llm = new FakeAnthropicServer();
        daemon = new DaemonProcess(tmp.resolve("data"), Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url())).start();
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        llm.close();
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = daemon.dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void memorySaveToolCall_isFoundBySearch_andLaterTurnCarriesTheFact() throws Exception {
        llm.enqueueToolUse("memory_save", "{\"text\":\"" + FACT + "\"}");
        llm.enqueueText("I'll remember that.");
        assertThat(daemon.message("By the way, my cat is called Miso.").path("content").asText()).isEqualTo("I'll remember that.");
        JsonNode toolResult = llm.lastRequest().body().path("messages");
        assertThat(toolResult.toString()).contains("saved as memory 1");

        JsonNode hits = DaemonProcess.JSON.readTree(cli("memory", "search", "--json", "which pet animal lives with me"));
        assertThat(hits.get(0).path("text").asText()).isEqualTo(FACT);
        assertThat(hits.get(0).path("id").asLong()).isEqualTo(1);
        assertThat(hits.get(0).path("score").asDouble()).isPositive();
        cli("memory", "add", "The VPS runs Debian 12");

        llm.enqueueText("Your cat is Miso.");
        daemon.message("What pet animal do I have at home?");
        JsonNode body = llm.lastRequest().body();
        JsonNode messages = body.path("messages");
        JsonNode current = messages.get(messages.size() - 1);
        assertThat(current.path("role").asText()).isEqualTo("user");
        assertThat(current.toString()).contains("<memory>", FACT, "What pet animal do I have at home?");
        assertThat(body.path("system").toString()).doesNotContain(FACT).contains("cache_control");
        assertThat(daemon.logText()).doesNotContain("memory lookup skipped");
    }
}
