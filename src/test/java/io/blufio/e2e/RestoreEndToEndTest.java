package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.auth.DeviceKeys;
import io.blufio.auth.RequestSigner;
import io.blufio.fixtures.FakeAnthropicServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disaster-recovery path: an old server's backup restored into an empty data dir on a new one (issue 10 item 2). */
final class RestoreEndToEndTest {
    @TempDir Path tmp;

    private Map<String, String> env(FakeAnthropicServer llm, Path data) {
        return new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                "BLUFIO_DATA_DIR", data.toString(), "BLUFIO_DAEMON__SHUTDOWN_GRACE_S", "2", "BLUFIO_MEMORY__ENABLED", "false"));
    }

    @Test
    void restoreIntoAnEmptyDataDir_rekeysCli_soStatusAndApiWork_andOtherDevicesKeepWorking() throws Exception {
        Path old = tmp.resolve("old");
        Path fresh = tmp.resolve("new");
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            PrivateKey oldCli;
            try (DaemonProcess d = new DaemonProcess(old, env(llm, old)).start()) {
                d.message("remember this conversation");
                assertThat(CliProcess.run(tmp, env(llm, old), "", "device", "new", "laptop").code()).isZero();
                oldCli = d.cliKey();
                CliProcess.Result b = CliProcess.run(tmp, env(llm, old), "", "backup", tmp.resolve("b.db").toString());
                assertThat(b.code()).as(b.err()).isZero();
                assertThat(d.terminate()).isZero();
            }
            PrivateKey laptop = DeviceKeys.readPrivateKey(old.resolve("devices/laptop.key"));

            CliProcess.Result r = CliProcess.run(tmp, env(llm, fresh), "", "restore", tmp.resolve("b.db").toString(), "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode devices = DaemonProcess.JSON.readTree(r.out()).path("devices");
            assertThat(devices.get(0).path("name").asText()).isEqualTo("cli");
            assertThat(devices.get(0).path("action").asText()).isEqualTo("rekeyed");
            assertThat(devices.get(1).path("name").asText()).isEqualTo("laptop");
            assertThat(devices.get(1).path("action").asText()).isEqualTo("kept");
            assertThat(Files.exists(fresh.resolve("devices/cli.key"))).isTrue();

            try (DaemonProcess d = new DaemonProcess(fresh, env(llm, fresh)).start()) {
                CliProcess.Result status = CliProcess.run(tmp, env(llm, fresh), "", "status", "--json", "--timeout", "30");
                assertThat(status.code()).as(status.all()).isZero();
                CliProcess.Result api = CliProcess.run(tmp, env(llm, fresh), "", "api", "GET", "/v1/sessions");
                assertThat(api.code()).as(api.all()).isZero();
                assertThat(api.out()).contains("\"sessions\"").contains("api:cli");  // the old server's history came along
                assertThat(signedHealth(d, "laptop", laptop)).as("a remote device keeps working").isEqualTo(200);
                assertThat(signedHealth(d, "cli", oldCli)).as("the lost server's cli key is no longer accepted").isEqualTo(401);
                assertThat(d.logText()).doesNotContain("device.key_missing");
                assertThat(d.terminate()).isZero();
            }
        }
    }

    private static int signedHealth(DaemonProcess d, String device, PrivateKey key) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + d.port() + "/v1/health");
        return d.send("GET", uri, new byte[0], RequestSigner.sign("GET", "/v1/health", null, new byte[0], device, key, Instant.now(),
                RequestSigner.newNonce())).statusCode();
    }
}
