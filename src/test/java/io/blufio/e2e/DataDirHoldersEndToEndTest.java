package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who holds and who owns the data dir (issue 10 item 6): an offline shell's lock, and files of another user. */
final class DataDirHoldersEndToEndTest {
    @TempDir Path tmp;

    private Map<String, String> env(FakeAnthropicServer llm) {
        return new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                "BLUFIO_DATA_DIR", tmp.resolve("data").toString(), "BLUFIO_MEMORY__ENABLED", "false", "BLUFIO_GATEWAY__PORT", "0"));
    }

    @Test
    void offlineShellHoldsTheDataDir_serveExits75NamingIt_andStatusAndDoctorSayTheSame() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            ProcessBuilder pb = new ProcessBuilder(DaemonProcess.javaBin(), "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), "io.blufio.cli.Main", "shell").redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_") || k.endsWith("_API_KEY"));
            pb.environment().putAll(env(llm));
            Process shell = pb.start();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = shell.getInputStream()) {
                    in.transferTo(seen);
                } catch (Exception ignored) {
                    // the shell ended
                }
            });
            try (OutputStream in = shell.getOutputStream()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> seen.toString(StandardCharsets.UTF_8).contains("data dir"));
                String pid = Long.toString(shell.pid());

                CliProcess.Result serve = CliProcess.run(tmp, env(llm), "", "serve");
                assertThat(serve.code()).as(serve.all()).isEqualTo(75);
                assertThat(serve.err()).contains("a blufio shell (pid " + pid + ") holds the data dir").contains("quit that shell");

                CliProcess.Result status = CliProcess.run(tmp, env(llm), "", "status", "--json");
                assertThat(status.code()).as(status.all()).isEqualTo(3);
                JsonNode s = DaemonProcess.JSON.readTree(status.out());
                assertThat(s.path("state").asText()).isEqualTo("not_running");
                assertThat(s.path("held_by").path("kind").asText()).isEqualTo("shell");
                assertThat(s.path("held_by").path("pid").asText()).isEqualTo(pid);

                CliProcess.Result doctor = CliProcess.run(tmp, env(llm), "", "doctor", "--json", "--timeout", "30");
                JsonNode daemon = OpsEndToEndTest.check(doctor.out(), "daemon");
                assertThat(daemon.path("status").asText()).isEqualTo("warn");
                assertThat(daemon.path("detail").asText()).as("doctor and status agree").isEqualTo(s.path("problem").asText())
                        .startsWith("no daemon runs: a blufio shell (pid " + pid + ") holds the data dir");

                in.write("/quit\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join();
        }
    }

    @Test
    void filesOfAnotherUser_areOneClearErrorWithTheChownFix_inServeDoctorAndTheCommand() throws Exception {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "skipped: needs root to chown files to another user");
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            Path data = tmp.resolve("data");
            assertThat(CliProcess.run(tmp, env(llm), "", "device", "new", "laptop").code()).isZero();
            Path key = data.resolve("devices/laptop.key");
            Files.setAttribute(key, "unix:uid", 12345);  // as if `sudo -u someone-else blufio device new` had made it

            CliProcess.Result serve = CliProcess.run(tmp, env(llm), "", "serve");
            assertThat(serve.code()).isEqualTo(1);
            assertThat(serve.err().strip().lines().count()).as(serve.err()).isEqualTo(1);
            assertThat(serve.err()).contains(key + " is owned by").contains("(uid 12345)").contains("Fix: chown -R root: " + data)
                    .doesNotContain("Exception").doesNotContain("\tat ");

            CliProcess.Result list = CliProcess.run(tmp, env(llm), "", "device", "list");
            assertThat(list.code()).isEqualTo(1);
            assertThat(list.err()).contains(key.toString()).contains("chown -R root: " + data).doesNotContain("\tat ");

            CliProcess.Result doctor = CliProcess.run(tmp, env(llm), "", "doctor", "--deep", "--json", "--timeout", "30");
            assertThat(doctor.code()).isEqualTo(1);
            JsonNode own = OpsEndToEndTest.check(doctor.out(), "ownership");
            assertThat(own.path("status").asText()).isEqualTo("fail");
            assertThat(own.path("detail").asText()).contains(key.toString());
            assertThat(own.path("fix").asText()).isEqualTo("chown -R root: " + data);
            assertThat(OpsEndToEndTest.check(doctor.out(), "data dir").path("fix").asText()).isEqualTo("chown -R root: " + data);

            Files.setAttribute(key, "unix:uid", 0);
            Files.setAttribute(data, "unix:uid", 12345);  // the service user's dir, and this command runs as root
            CliProcess.Result status = CliProcess.run(tmp, env(llm), "", "status");
            assertThat(status.code()).isEqualTo(1);
            assertThat(status.err()).contains("data dir " + data + " belongs to user").contains("(uid 12345), but this command runs as uid 0 (root)")
                    .contains("sudo -u");
            assertThat(Files.list(data).filter(p -> !p.getFileName().toString().startsWith("blufio.db") && !p.getFileName().toString().equals("devices")))
                    .as("nothing new created as root").isEmpty();
        }
    }
}
