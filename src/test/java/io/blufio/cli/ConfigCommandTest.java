package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio config ...} in process, with its own stdin, env and writers; no terminal, so stdin is read. */
final class ConfigCommandTest {
    static final String SECRET = "sk-ant-api03-config-command-test-0000abcd";
    static final String PASS = "correct horse battery";
    @TempDir Path tmp;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "BLUFIO_DATA_DIR", tmp.resolve("data").toString(),
                "BLUFIO_VAULT__KDF_MEMORY_KIB", "8192", "BLUFIO_VAULT__KDF_ITERATIONS", "1"));
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private Run run(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Run setSecret(String name, String value) {
        return run(env("BLUFIO_VAULT_KEY", PASS), value + "\n", "config", "set-secret", name);
    }

    @Test
    void setSecret_fromStdinWithPassphraseInEnv_createsVault_andGetMasksIt() {
        Run set = setSecret("anthropic.api_key", SECRET);
        assertThat(set.code()).as(set.all()).isZero();
        assertThat(set.out()).contains("created the vault").contains("stored anthropic.api_key in the vault (****abcd)");
        Run get = run(env("BLUFIO_VAULT_KEY", PASS), "", "config", "get", "llm.anthropic.api_key");
        assertThat(get.code()).isZero();
        assertThat(get.out()).startsWith("****abcd").contains("from the vault entry anthropic.api_key");
        Run json = run(env("BLUFIO_VAULT_KEY", PASS), "", "config", "get", "llm.anthropic.api_key", "--json");
        assertThat(json.out().strip()).isEqualTo(
                "{\"key\":\"llm.anthropic.api_key\",\"secret\":true,\"value\":\"****abcd\",\"source\":\"vault\"}");
        assertThat(set.all() + get.all() + json.all()).doesNotContain(SECRET).doesNotContain(PASS);
    }

    @Test
    void setSecret_withoutPassphrase_namesBlufioVaultKey_exit78() {
        Run r = run(env(), SECRET + "\n", "config", "set-secret", "anthropic.api_key");
        assertThat(r.code()).isEqualTo(78);
        assertThat(r.err()).contains("BLUFIO_VAULT_KEY");
        assertThat(Files.exists(tmp.resolve("data/blufio.db"))).isTrue();
    }

    @Test
    void setSecret_valueOnCommandLine_isRefusedWithoutEchoingIt() {
        Run r = run(env("BLUFIO_VAULT_KEY", PASS), "", "config", "set-secret", "anthropic.api_key", SECRET);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("takes no value on the command line").doesNotContain(SECRET);
    }

    @Test
    void setSecret_unknownName_isUsageError() {
        Run r = run(env("BLUFIO_VAULT_KEY", PASS), SECRET + "\n", "config", "set-secret", "gateway.port");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a secret key").contains("custom.<name>");
    }

    @Test
    void setSecret_emptyStdin_isUsageError() {
        Run r = run(env("BLUFIO_VAULT_KEY", PASS), "", "config", "set-secret", "custom.x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("standard input held no");
    }

    @Test
    void get_wrongPassphrase_isExit78_naming_BLUFIO_VAULT_KEY() {
        setSecret("anthropic.api_key", SECRET);
        Run r = run(env("BLUFIO_VAULT_KEY", "not the passphrase"), "", "config", "get", "llm.anthropic.api_key");
        assertThat(r.code()).isEqualTo(78);
        assertThat(r.err()).contains("passphrase is wrong").contains("BLUFIO_VAULT_KEY");
    }

    @Test
    void get_envBeatsVault_withoutAskingForPassphrase() {
        setSecret("anthropic.api_key", SECRET);
        Run r = run(env("ANTHROPIC_API_KEY", "sk-ant-api03-env-value-000000000000wxyz"), "", "config", "get", "llm.anthropic.api_key");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("****wxyz").contains("from environment variable ANTHROPIC_API_KEY");
    }

    @Test
    void get_plainKey_printsResolvedValue_andDefaults() {
        assertThat(run(env("BLUFIO_GATEWAY__PORT", "3001"), "", "config", "get", "gateway.port").out().strip()).isEqualTo("3001");
        assertThat(run(env(), "", "config", "get", "llm.provider").out().strip()).isEqualTo("anthropic");
        assertThat(run(env(), "", "config", "get", "tools.enabled", "--json").out())
                .contains("\"value\":[\"clock\",\"http_fetch\",\"workspace\",\"memory\",\"schedules\"]");
    }

    @Test
    void get_unknownKey_listsNearMatches_exit2() {
        Run r = run(env(), "", "config", "get", "gateway.prot");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown config key `gateway.prot`").contains("did you mean: gateway.port");
        assertThat(run(env(), "", "config", "get", "port").err()).contains("gateway.port");
    }

    @Test
    void validate_typoUnderGateway_exit78_namesLine2AndPort() throws Exception {
        Path file = tmp.resolve("blufio.toml");
        Files.writeString(file, "[gateway]\nprot = 3000\n[agent]\nmax_sessions = 0\n");
        Run r = run(env(), "", "--config", file.toString(), "config", "validate");
        assertThat(r.code()).isEqualTo(78);
        assertThat(r.err()).contains(file + ":2").contains("prot").contains("`port`").contains("max_sessions").contains("2 problems");
    }

    @Test
    void validate_unknownBlufioVariable_exit78() {
        Run r = run(env("BLUFIO_GATEWAY__PROT", "1"), "", "config", "validate");
        assertThat(r.code()).isEqualTo(78);
        assertThat(r.err()).contains("BLUFIO_GATEWAY__PROT").contains("BLUFIO_GATEWAY__PORT");
    }

    @Test
    void listSecrets_json_showsSourcesAndMaskedValues() {
        setSecret("telegram.bot_token", "123456789:AAbbccddeeffgghhiijjkkllmmnnoopp5678");
        setSecret("custom.github_token", "ghp_0000000000000000wxyz");
        Run r = run(env("BLUFIO_VAULT_KEY", PASS, "OPENAI_API_KEY", "sk-proj-0000000000000000aaaa"), "",
                "config", "list-secrets", "--json");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("\"present\":true")
                .contains("{\"name\":\"telegram.bot_token\",\"value\":\"****5678\",\"source\":\"vault\",\"where\":\"telegram.bot_token\"}")
                .contains("{\"name\":\"llm.openai.api_key\",\"value\":\"****aaaa\",\"source\":\"env\",\"where\":\"OPENAI_API_KEY\"}")
                .contains("{\"name\":\"llm.anthropic.api_key\",\"value\":null,\"source\":\"unset\"")
                .contains("\"name\":\"custom.github_token\",\"value\":\"****wxyz\"")
                .doesNotContain("AAbbccdd").doesNotContain("ghp_0000");
    }

    @Test
    void changePassphrase_newFromStdin_oldStopsWorking() {
        setSecret("anthropic.api_key", SECRET);
        Run change = run(env("BLUFIO_VAULT_KEY", PASS), "new passphrase 2\n", "config", "change-passphrase");
        assertThat(change.code()).as(change.all()).isZero();
        assertThat(change.out()).contains("vault passphrase changed");
        assertThat(run(env("BLUFIO_VAULT_KEY", PASS), "", "config", "list-secrets").code()).isEqualTo(78);
        Run list = run(env("BLUFIO_VAULT_KEY", "new passphrase 2"), "", "config", "list-secrets");
        assertThat(list.out()).contains("****abcd");
    }

    @Test
    void parameterError_masksPastedSecret() {
        Run r = run(env(), "", "config", "--bogus", SECRET);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").doesNotContain(SECRET);
    }
}
