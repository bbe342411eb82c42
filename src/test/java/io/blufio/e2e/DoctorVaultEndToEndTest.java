package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} with a vault (issue 10 item 3): one unlock shared by the checks, the real source of each
 * secret named, and a rejected key blamed on the key, never on the network.
 */
final class DoctorVaultEndToEndTest {
    private static final String PASS = "correct horse battery";
    @TempDir Path tmp;

    private Map<String, String> env(FakeAnthropicServer llm, FakeTelegramServer tg, String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("BLUFIO_DATA_DIR", tmp.resolve("data").toString(), "HOME", tmp.toString(),
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN,
                "BLUFIO_TELEGRAM__API_BASE_URL", tg.url(), "BLUFIO_MEMORY__ENABLED", "false"));
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private static JsonNode doctor(Map<String, String> env, Path dir, int expectedExit) throws Exception {
        CliProcess.Result r = CliProcess.run(dir, env, "", "doctor", "--json", "--timeout", "30");  // generous: the machine may be busy
        assertThat(r.code()).as(r.all()).isEqualTo(expectedExit);
        return DaemonProcess.JSON.readTree(r.out());
    }

    @Test
    void doctor_withTheKeyInTheVault_namesEachSource_andARejectedKeyIsTheKeysFault() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer(); FakeTelegramServer tg = new FakeTelegramServer()) {
            CliProcess.Result set = CliProcess.run(tmp, env(llm, tg, "BLUFIO_VAULT_KEY", PASS), FakeAnthropicServer.API_KEY + "\n",
                    "config", "set-secret", "anthropic.api_key");
            assertThat(set.code()).as(set.all()).isZero();

            JsonNode good = doctor(env(llm, tg, "BLUFIO_VAULT_KEY", PASS), tmp, 0);
            assertThat(OpsEndToEndTest.check(good.toString(), "vault").path("detail").asText()).isEqualTo("unlocks with BLUFIO_VAULT_KEY (1 entries)");
            assertThat(OpsEndToEndTest.check(good.toString(), "llm credentials").path("detail").asText())
                    .startsWith("anthropic accepted the key from the vault entry anthropic.api_key (****");
            assertThat(OpsEndToEndTest.check(good.toString(), "secret sources").path("detail").asText())
                    .isEqualTo("llm.anthropic.api_key from the vault (anthropic.api_key); telegram.bot_token from the environment (TELEGRAM_BOT_TOKEN)");
            assertThat(OpsEndToEndTest.check(good.toString(), "telegram token").path("status").asText()).isEqualTo("ok");

            // a key from the environment wins, and a wrong passphrase fails only the vault check
            JsonNode envKey = doctor(env(llm, tg, "BLUFIO_VAULT_KEY", "not the passphrase", "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY), tmp, 1);
            assertThat(OpsEndToEndTest.check(envKey.toString(), "llm credentials").path("detail").asText())
                    .startsWith("anthropic accepted the key from ANTHROPIC_API_KEY (environment, ****");
            assertThat(OpsEndToEndTest.check(envKey.toString(), "vault").path("status").asText()).isEqualTo("fail");
            assertThat(OpsEndToEndTest.check(envKey.toString(), "vault").path("detail").asText()).contains("passphrase is wrong");

            // locked: the llm check says the key is in the locked vault, not that the network failed
            JsonNode locked = doctor(env(llm, tg), tmp, 1);
            JsonNode lockedLlm = OpsEndToEndTest.check(locked.toString(), "llm credentials");
            assertThat(lockedLlm.path("detail").asText()).contains("vault").contains("locked").doesNotContain("network");
            assertThat(OpsEndToEndTest.check(locked.toString(), "vault").path("status").asText()).isEqualTo("warn");

            assertThat(CliProcess.run(tmp, env(llm, tg, "BLUFIO_VAULT_KEY", PASS), "sk-ant-wrong-key-0000\n",
                    "config", "set-secret", "anthropic.api_key").code()).isZero();
            JsonNode bad = doctor(env(llm, tg, "BLUFIO_VAULT_KEY", PASS), tmp, 1);
            JsonNode badLlm = OpsEndToEndTest.check(bad.toString(), "llm credentials");
            assertThat(badLlm.path("detail").asText()).startsWith("anthropic rejected the API key from the vault entry anthropic.api_key (****0000)")
                    .contains("HTTP 401").doesNotContain("network");
            assertThat(badLlm.path("fix").asText()).startsWith("store a valid key: blufio config set-secret anthropic.api_key");
        }
    }
}
