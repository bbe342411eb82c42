package io.blufio.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.Redactor;
import io.blufio.config.BlufioConfig;
import io.blufio.config.SecretKey;
import io.blufio.store.Database;
import io.blufio.store.VaultStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC 3's order: environment, then vault, then the TOML file. */
final class SecretResolverTest {
    private static final String VAULT_KEY = "sk-ant-api03-from-the-vault-000000001111";
    private static final String FILE_KEY = "sk-ant-api03-from-the-file-0000000002222";
    private static final String ENV_KEY = "sk-ant-api03-from-the-env-00000000003333";
    @TempDir Path tmp;
    private Database db;
    private VaultStore store;
    private final AtomicInteger asked = new AtomicInteger();
    private final Supplier<char[]> passphrase = () -> {
        asked.incrementAndGet();
        return "correct horse".toCharArray();
    };

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("blufio.db"));
        store = new VaultStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void vaultWith(String name, String value) {
        try (Vault v = Vault.exists(store)
                ? Vault.unlock(store, "correct horse".toCharArray(), new SecureRandom(), Clock.systemUTC())
                : Vault.create(store, "correct horse".toCharArray(), VaultTest.CHEAP, new SecureRandom(), Clock.systemUTC())) {
            v.put(name, value.toCharArray());
        }
    }

    private SecretResolver resolver(Map<String, String> env) {
        return new SecretResolver(env, passphrase, new SecureRandom(), Clock.systemUTC());
    }

    private static BlufioConfig fileConfig() {
        return SecretKey.ANTHROPIC_API_KEY.withValue(BlufioConfig.defaults(), FILE_KEY);
    }

    @Test
    void resolve_vaultBeatsFile() {
        vaultWith("anthropic.api_key", VAULT_KEY);
        var r = resolver(Map.of()).resolve(fileConfig(), store, true);
        assertThat(r.config().llm().anthropic().apiKey()).isEqualTo(VAULT_KEY);
        assertThat(r.secrets().get(0)).isEqualTo(new SecretResolver.Resolution("llm.anthropic.api_key",
                SecretResolver.Source.VAULT, "anthropic.api_key", "****1111"));
        assertThat(r.vaultPresent()).isTrue();
    }

    @Test
    void resolve_envBeatsVault_andVaultIsNotOpenedWhenNotNeeded() {
        vaultWith("anthropic.api_key", VAULT_KEY);
        asked.set(0);
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", ENV_KEY);
        var r = resolver(env).resolve(SecretKey.ANTHROPIC_API_KEY.withValue(BlufioConfig.defaults(), ENV_KEY), store, false);
        assertThat(r.config().llm().anthropic().apiKey()).isEqualTo(ENV_KEY);
        assertThat(r.secrets().get(0).source()).isEqualTo(SecretResolver.Source.ENV);
        assertThat(r.secrets().get(0).where()).isEqualTo("ANTHROPIC_API_KEY");
        assertThat(asked).hasValue(0);
    }

    @Test
    void resolve_withoutVault_keepsFileValue_andRegistersItForRedaction() {
        var r = resolver(Map.of()).resolve(fileConfig(), null, true);
        assertThat(r.config().llm().anthropic().apiKey()).isEqualTo(FILE_KEY);
        assertThat(r.secrets().get(0).source()).isEqualTo(SecretResolver.Source.FILE);
        assertThat(r.secrets().get(1).source()).isEqualTo(SecretResolver.Source.UNSET);
        assertThat(Redactor.redact("key=" + FILE_KEY)).doesNotContain(FILE_KEY);
        assertThat(asked).hasValue(0);
    }

    @Test
    void resolve_customEntries_areListedMasked() {
        vaultWith("custom.github_token", "ghp_abcdefghijklmnop9999");
        var r = resolver(Map.of()).resolve(BlufioConfig.defaults(), store, true);
        assertThat(r.secrets()).contains(new SecretResolver.Resolution("custom.github_token", SecretResolver.Source.VAULT,
                "custom.github_token", "****9999"));
        assertThat(Redactor.redact("token ghp_abcdefghijklmnop9999")).isEqualTo("token ****9999");
    }

    @Test
    void resolve_missingPassphrase_propagatesVaultLocked() {
        vaultWith("anthropic.api_key", VAULT_KEY);
        var r = new SecretResolver(Map.of(), () -> {
            throw new VaultException("vault_locked", "set BLUFIO_VAULT_KEY");
        }, new SecureRandom(), Clock.systemUTC());
        assertThatThrownBy(() -> r.resolve(BlufioConfig.defaults(), store, true))
                .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_locked");
    }
}
