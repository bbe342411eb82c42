package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.testing.SmallTmpfs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir on a small tmpfs that fills up (issue 10 item 5): the next message gets {@code disk_full}
 * naming the path, {@code /health} is degraded with the reason, the log has one WARN line, a turn whose
 * answer could not be stored is kept and runs again by itself, and after space is freed service resumes
 * with no restart and nothing accepted is lost. Skipped (with a message) when a tmpfs cannot be mounted.
 */
final class DiskFullEndToEndTest {
    @TempDir Path tmp;

    private static String body(String content) {
        return DaemonProcess.JSON.createObjectNode().put("content", content).toString();
    }

    @Test
    void fullDisk_isNamed_degradesHealth_losesNothing_andResumesByItself() throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(tmp.resolve("data"), 8 << 10); FakeAnthropicServer llm = new FakeAnthropicServer()) {
            Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                    "BLUFIO_MEMORY__ENABLED", "false", "BLUFIO_DAEMON__SHUTDOWN_GRACE_S", "2");
            try (DaemonProcess d = new DaemonProcess(fs.dir(), env).start()) {
                assertThat(d.message("first, while there is room").path("content").asText()).isEqualTo("echo: first, while there is room");

                // a turn in flight when the disk fills: accepted, its answer cannot be stored
                String longAnswer = "word ".repeat(4000).strip();
                llm.enqueueSlowText(longAnswer, 1);
                CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                    try {
                        return d.signed("POST", "/v1/messages", body("second, answered while the disk fills"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> llm.requests().size() >= 2);
                Path filler = fs.fill("filler");
                HttpResponse<String> parked = inFlight.get();
                assertThat(parked.statusCode()).as(parked.body()).isEqualTo(507);
                JsonNode perr = DaemonProcess.JSON.readTree(parked.body()).path("error");
                assertThat(perr.path("code").asText()).isEqualTo("disk_full");
                assertThat(perr.path("message").asText()).contains("message accepted").contains(fs.dir().toString()).contains("runs again by itself");

                HttpResponse<String> refused = d.signed("POST", "/v1/messages", body("third, while the disk is full"));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
                JsonNode err = DaemonProcess.JSON.readTree(refused.body()).path("error");
                assertThat(err.path("code").asText()).isEqualTo("disk_full");
                assertThat(err.path("message").asText()).contains("not accepted").contains(fs.dir().toString()).contains("is full");
                assertThat(d.signed("POST", "/v1/messages", body("fourth, still full")).statusCode()).isEqualTo(507);

                JsonNode health = DaemonProcess.JSON.readTree(d.get("/health").body());
                assertThat(health.path("status").asText()).isEqualTo("degraded");
                assertThat(health.path("reasons").toString()).contains("disk: the file system holding " + fs.dir() + " is full");

                Files.delete(filler);
                await().atMost(Duration.ofSeconds(60)).until(() -> DaemonProcess.JSON.readTree(d.get("/health").body()).path("status").asText().equals("healthy"));
                assertThat(d.message("fifth, after space came back").path("content").asText()).isEqualTo("echo: fifth, after space came back");

                // the parked turn ran again by itself (the fake model echoes this time)
                await().atMost(Duration.ofSeconds(60)).until(() -> texts(d).contains("echo: second, answered while the disk fills"));
                List<String> texts = texts(d);
                assertThat(texts).containsSubsequence("first, while there is room", "echo: first, while there is room",
                        "second, answered while the disk fills", "echo: second, answered while the disk fills");
                assertThat(texts).contains("fifth, after space came back", "echo: fifth, after space came back")
                        .doesNotContain("third, while the disk is full");

                long warns = d.logText().lines().filter(l -> l.contains("WARN") && l.contains("store.disk_full")).count();
                assertThat(warns).as(d.logText()).isEqualTo(1);
                assertThat(d.logText()).doesNotContain("at io.blufio").contains("store.disk_space_back");
                assertThat(d.terminate()).isZero();
            }
        }
    }

    /** Returns the texts of the api:cli session, oldest first. */
    private static List<String> texts(DaemonProcess d) throws Exception {
        JsonNode sessions = DaemonProcess.JSON.readTree(d.signed("GET", "/v1/sessions", null).body()).path("sessions");
        long id = -1;
        for (JsonNode s : sessions) if (s.path("key").asText().equals("api:cli")) id = s.path("id").asLong();
        JsonNode messages = DaemonProcess.JSON.readTree(d.signed("GET", "/v1/sessions/" + id + "/messages?limit=200", null).body()).path("messages");
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) out.add(0, m.path("text").asText());
        return out;
    }
}
