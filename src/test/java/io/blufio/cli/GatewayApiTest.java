package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.channel.gateway.GatewayServer;
import io.blufio.fixtures.FakeAnthropicServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API in process: real gateway on port 0, real SQLite, real signatures, a wire-faithful LLM stand-in. */
final class GatewayApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private InProcessDaemon d;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
        d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, Map.of());
    }

    @AfterEach
    void stop() {
        d.close();
        llm.close();
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return d.post(path, body);
    }

    @Test
    void messages_withEventStream_streamsDeltasThenDone() throws Exception {
        llm.enqueueSlowText("one two three four", 20);
        byte[] body = "{\"content\":\"count\",\"session\":\"s1\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<java.io.InputStream> res = d.send(d.signedPost("/v1/messages", body).header("Accept", "text/event-stream"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        JsonNode done = null;
        try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) event = line.substring(7);
                if (line.startsWith("data: ")) {
                    events.add(event);
                    JsonNode data = JSON.readTree(line.substring(6));
                    if (event.equals("delta")) text.append(data.path("text").asText());
                    if (event.equals("done")) done = data;
                }
            }
        }
        assertThat(events.stream().filter("delta"::equals).count()).isGreaterThan(1);
        assertThat(events.get(events.size() - 1)).isEqualTo("done");
        assertThat(text.toString()).isEqualTo("one two three four");
        assertThat(done.path("content").asText()).isEqualTo("one two three four");
        assertThat(done.has("cost_usd")).isTrue();
    }

    @Test
    void messages_bodyAtLimitIsRead_oneBytePastIs413() throws Exception {
        String prefix = "{\"content\":\"";
        String suffix = "\"}";
        int fill = GatewayServer.MAX_BODY_BYTES - prefix.length() - suffix.length();
        byte[] atLimit = (prefix + "a".repeat(fill) + suffix).getBytes(StandardCharsets.UTF_8);
        assertThat(atLimit.length).isEqualTo(GatewayServer.MAX_BODY_BYTES);
        llm.enqueueText("ok");
        assertThat(post("/v1/messages", atLimit).statusCode()).isEqualTo(200);
        byte[] over = (prefix + "a".repeat(fill + 1) + suffix).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/v1/messages", over);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void messages_malformedBodies_get400WithReason() throws Exception {
        for (String bad : List.of("not json", "[1]", "{}", "{\"content\":\"\"}", "{\"content\":5}", "{\"content\":\"x\",\"session\":\"../etc\"}")) {
            HttpResponse<String> r = post("/v1/messages", bad.getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("bad_request");
        }
        assertThat(llm.requests()).isEmpty();
    }

    @Test
    void unknownRoute_is404_wrongMethod405_andProviderFailureIs502() throws Exception {
        assertThat(d.get("/nope").statusCode()).isEqualTo(404);
        assertThat(post("/health", new byte[0]).statusCode()).isEqualTo(405);
        llm.enqueueError(401, "authentication_error", "invalid x-api-key");
        HttpResponse<String> r = post("/v1/messages", "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("llm_auth");
        llm.enqueueText("back again");
        assertThat(post("/v1/messages", "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    }

    @Test
    void workspaceWrite_argumentsAreStoredOnceAsAnObject_andReplayedUnchanged() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 2_000; i++) json.append(i == 0 ? "" : ",\n").append("  \"key").append(i).append("\": \"value \\\"").append(i).append("\\\"\"");
        String content = json.append("\n}").toString();  // JSON text full of quotes, backslashes and newlines
        String input = JSON.createObjectNode().put("path", "data.json").put("content", content).toString();
        llm.enqueueToolUse("workspace_write", input);
        llm.enqueueText("saved");
        assertThat(post("/v1/messages", "{\"content\":\"save it\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

        long stored = d.daemon.db().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT sum(length(content)) FROM messages WHERE content LIKE '%\"tool_use\"%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        int once = JSON.writeValueAsString(content).length();  // the content escaped once, as any JSON holds it
        int twice = JSON.writeValueAsString(JSON.writeValueAsString(content)).length();  // as a string holding JSON (before)
        assertThat(stored).isLessThan(once + 1_000).isLessThan(twice);
        assertThat(java.nio.file.Files.readString(tmp.resolve("data/workspace/data.json"))).isEqualTo(content);

        llm.enqueueText("ok");
        post("/v1/messages", "{\"content\":\"and now?\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode replayed = llm.lastRequest().body().path("messages").get(1).path("content").get(0);
        assertThat(replayed.path("type").asText()).isEqualTo("tool_use");
        assertThat(replayed.path("input").path("content").asText()).isEqualTo(content);
    }
}
