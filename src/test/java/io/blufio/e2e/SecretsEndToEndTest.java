package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.store.Database;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 end to end, with real processes: a key stored by {@code config set-secret} from stdin reaches the
 * LLM through {@code serve} with nothing but {@code BLUFIO_VAULT_KEY} set; afterwards no file of the data dir
 * (SQLite file, WAL, keys), no log line and no CLI output holds the key or the passphrase in clear; and
 * every way the vault cannot open stops {@code serve} with exit 78 and its own message.
 */
final class SecretsEndToEndTest {
    private static final String SECRET = "sk-ant-api03-e2e-" + Long.toHexString(System.nanoTime()) + "-Zq9x";
    private static final String PASS = "tr0ub4dor & 3 horses";
    @TempDir Path tmp;
    private Path data;
    private FakeAnthropicServer llm;
    private final List<String> cliOutput = new ArrayList<>();

    @BeforeEach
    void start() {
        data = tmp.resolve("data");
        llm = new FakeAnthropicServer(SECRET);
    }

    @AfterEach
    void stop() {
        llm.close();
    }

    private Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("BLUFIO_DATA_DIR", data.toString(), "HOME", tmp.toString(),
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_AGENT__LOG_LEVEL", "debug",
                "BLUFIO_DAEMON__MEMORY_WARN_MB", "4000", "BLUFIO_DAEMON__MEMORY_LIMIT_MB", "8000"));
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private CliProcess.Result cli(Map<String, String> env, String stdin, String... args) throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, env, stdin, args);
        cliOutput.add(r.all());
        return r;
    }

    @Test
    void setSecretThenServe_keyReachesLlm_andIsNowhereInClearAfterwards() throws Exception {
        CliProcess.Result set = cli(env("BLUFIO_VAULT_KEY", PASS), SECRET + "\n", "config", "set-secret", "anthropic.api_key");
        assertThat(set.code()).as(set.all()).isZero();
        assertThat(cli(env("BLUFIO_VAULT_KEY", PASS), "", "config", "get", "llm.anthropic.api_key").out()).startsWith("****Zq9x");
        assertThat(cli(env("BLUFIO_VAULT_KEY", PASS), "", "config", "list-secrets", "--json").out()).contains("\"source\":\"vault\"");

        String log;
        try (DaemonProcess d = new DaemonProcess(data, env("BLUFIO_VAULT_KEY", PASS)).start()) {
            llm.enqueueText("Hello from the vault-keyed model.");
            assertThat(d.message("hello").path("content").asText()).isEqualTo("Hello from the vault-keyed model.");
            assertThat(llm.lastRequest().header("x-api-key")).isEqualTo(SECRET);

            llm.enqueueError(400, "invalid_request_error", "request rejected; it carried x-api-key: " + SECRET + " (key " + SECRET + ")");
            HttpResponse<String> failed = d.signed("POST", "/v1/messages", "{\"content\":\"fail please\"}");
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(failed.body()).contains("invalid_request_error").contains("****").doesNotContain(SECRET);
            cliOutput.add(failed.body());
            assertThat(d.terminate()).isZero();
            log = d.logText();
        }
        assertThat(log).contains("vault unlocked").contains("llm.anthropic.api_key from vault").contains("request rejected");
        assertThat(log).doesNotContain(SECRET).doesNotContain(PASS);
        for (String output : cliOutput) assertThat(output).doesNotContain(SECRET).doesNotContain(PASS);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("blufio.db");
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(SECRET).doesNotContain(PASS);
        }
    }

    @Test
    void serve_refusesToStartWithoutItsSecrets_eachCaseItsOwnMessage() throws Exception {
        assertThat(cli(env("BLUFIO_VAULT_KEY", PASS), SECRET + "\n", "config", "set-secret", "anthropic.api_key").code()).isZero();

        CliProcess.Result missing = cli(env(), "", "serve");
        assertThat(missing.code()).as(missing.all()).isEqualTo(78);
        assertThat(missing.err()).contains("the vault is locked: set BLUFIO_VAULT_KEY");

        CliProcess.Result wrong = cli(env("BLUFIO_VAULT_KEY", "not " + PASS), "", "serve");
        assertThat(wrong.code()).as(wrong.all()).isEqualTo(78);
        assertThat(wrong.err()).contains("the vault passphrase is wrong").contains("BLUFIO_VAULT_KEY");

        sql("UPDATE vault_entries SET name = 'openai.api_key' WHERE name = 'anthropic.api_key'");
        CliProcess.Result renamed = cli(env("BLUFIO_VAULT_KEY", PASS), "", "serve");
        assertThat(renamed.code()).as(renamed.all()).isEqualTo(78);
        assertThat(renamed.err()).contains("vault entry `openai.api_key` was renamed or copied").contains("`anthropic.api_key`");

        sql("UPDATE vault_master SET wrapped_key = zeroblob(48) WHERE id = 1");
        CliProcess.Result corrupt = cli(env("BLUFIO_VAULT_KEY", PASS), "", "serve");
        assertThat(corrupt.code()).as(corrupt.all()).isEqualTo(78);
        assertThat(corrupt.err()).contains("master-key row (table vault_master) is damaged");

        assertThat(Files.exists(data.resolve("daemon.json"))).isFalse();
        for (String output : cliOutput) assertThat(output).doesNotContain(SECRET).doesNotContain(PASS);
    }

    @Test
    void serve_typoInTomlOrEnv_exit78_namingTheKey() throws Exception {
        Path toml = tmp.resolve("blufio.toml");
        Files.writeString(toml, "[gateway]\nprot = 3000\n");
        CliProcess.Result typo = cli(env("BLUFIO_CONFIG", toml.toString()), "", "serve");
        assertThat(typo.code()).as(typo.all()).isEqualTo(78);
        assertThat(typo.err()).contains(toml + ":2").contains("`port`");

        CliProcess.Result env = cli(env("BLUFIO_GATEWAY__PROT", "3000"), "", "serve");
        assertThat(env.code()).as(env.all()).isEqualTo(78);
        assertThat(env.err()).contains("unknown environment variable BLUFIO_GATEWAY__PROT").contains("BLUFIO_GATEWAY__PORT");
    }

    private void sql(String statement) {
        try (Database db = Database.open(data.resolve("blufio.db"))) {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement(statement)) {
                    return ps.executeUpdate();
                }
            });
        }
    }
}
