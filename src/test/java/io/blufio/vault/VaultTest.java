package io.blufio.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.store.Database;
import io.blufio.store.VaultStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault on a real SQLite file; Argon2id at its smallest cost (8 MiB, 1 pass) to keep the suite fast. */
final class VaultTest {
    static final KdfParams CHEAP = new KdfParams(8192, 1, 1);
    private static final String SECRET = "sk-ant-api03-vault-test-value-0123456789";
    @TempDir Path tmp;
    private Database db;
    private VaultStore store;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("blufio.db"));
        store = new VaultStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Vault create(String passphrase) {
        return Vault.create(store, passphrase.toCharArray(), CHEAP, random, clock);
    }

    @Test
    void unlock_withRightPassphrase_decryptsWhatWasPut() {
        try (Vault v = create("correct horse")) {
            v.put("anthropic.api_key", SECRET.toCharArray());
        }
        try (Vault v = Vault.unlock(store, "correct horse".toCharArray(), random, clock)) {
            assertThat(v.get("anthropic.api_key")).contains(SECRET);
            assertThat(v.get("openai.api_key")).isEmpty();
            assertThat(v.decryptAll()).containsEntry("anthropic.api_key", SECRET);
        }
        assertThat(Vault.names(store)).containsExactly("anthropic.api_key");
    }

    @Test
    void unlock_usesParamsStoredBesideTheKey() {
        create("correct horse").close();
        VaultStore.Master m = store.master().orElseThrow();
        assertThat(m.memoryKib()).isEqualTo(8192);
        assertThat(m.iterations()).isEqualTo(1);
        assertThat(m.kdf()).isEqualTo("argon2id");
        assertThat(m.salt()).hasSize(16);
        assertThat(m.nonce()).hasSize(12);
        assertThat(m.wrappedKey()).hasSize(48);
    }

    @Test
    void unlock_wrongPassphrase_isVaultPassphrase() {
        create("correct horse").close();
        assertThatThrownBy(() -> Vault.unlock(store, "wrong horse".toCharArray(), random, clock))
                .isInstanceOf(VaultException.class).hasMessageContaining("passphrase is wrong").hasMessageContaining("BLUFIO_VAULT_KEY")
                .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_passphrase");
    }

    @Test
    void unlock_damagedWrappedKey_isVaultCorrupt() {
        create("correct horse").close();
        sql("UPDATE vault_master SET wrapped_key = ? WHERE id = 1", flip(store.master().orElseThrow().wrappedKey()));
        assertThatThrownBy(() -> Vault.unlock(store, "correct horse".toCharArray(), random, clock))
                .hasMessageContaining("master-key row (table vault_master) is damaged").hasMessageContaining("restore")
                .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_corrupt");
    }

    @Test
    void unlock_malformedRow_isVaultCorrupt() {
        create("correct horse").close();
        sql("UPDATE vault_master SET salt = ? WHERE id = 1", new byte[3]);
        assertThatThrownBy(() -> Vault.unlock(store, "correct horse".toCharArray(), random, clock))
                .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_corrupt");
    }

    @Test
    void get_entryRenamedInDatabase_isRefusedAsRenamed() {
        try (Vault v = create("correct horse")) {
            v.put("anthropic.api_key", SECRET.toCharArray());
        }
        sql("UPDATE vault_entries SET name = 'openai.api_key' WHERE name = ?", "anthropic.api_key");
        try (Vault v = Vault.unlock(store, "correct horse".toCharArray(), random, clock)) {
            assertThatThrownBy(() -> v.get("openai.api_key"))
                    .hasMessageContaining("`openai.api_key` was renamed or copied").hasMessageContaining("`anthropic.api_key`")
                    .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_entry_invalid");
            assertThatThrownBy(v::decryptAll).isInstanceOf(VaultException.class);
        }
    }

    @Test
    void get_entryBytesAltered_isRefusedAsDamaged() {
        try (Vault v = create("correct horse")) {
            v.put("telegram.bot_token", "123456:abcdefghijklmnopqrstuvwxyz".toCharArray());
        }
        sql("UPDATE vault_entries SET ciphertext = ? WHERE name = 'telegram.bot_token'",
                flip(store.entry("telegram.bot_token").orElseThrow().ciphertext()));
        try (Vault v = Vault.unlock(store, "correct horse".toCharArray(), random, clock)) {
            assertThatThrownBy(() -> v.get("telegram.bot_token")).hasMessageContaining("is damaged")
                    .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_entry_invalid");
        }
    }

    @Test
    void put_usesFreshNonceEveryTime() {
        try (Vault v = create("correct horse")) {
            v.put("custom.a", SECRET.toCharArray());
            byte[] first = store.entry("custom.a").orElseThrow().nonce();
            v.put("custom.a", SECRET.toCharArray());
            assertThat(store.entry("custom.a").orElseThrow().nonce()).isNotEqualTo(first).hasSize(12);
        }
    }

    @Test
    void changePassphrase_rewrapsMasterKeyOnly() {
        try (Vault v = create("correct horse")) {
            v.put("anthropic.api_key", SECRET.toCharArray());
        }
        VaultStore.Entry before = store.entry("anthropic.api_key").orElseThrow();
        byte[] wrappedBefore = store.master().orElseThrow().wrappedKey();
        try (Vault v = Vault.unlock(store, "correct horse".toCharArray(), random, clock)) {
            v.changePassphrase("battery staple".toCharArray(), new KdfParams(16384, 2, 1));
        }
        VaultStore.Entry after = store.entry("anthropic.api_key").orElseThrow();
        assertThat(after.ciphertext()).isEqualTo(before.ciphertext());
        assertThat(after.nonce()).isEqualTo(before.nonce());
        assertThat(store.master().orElseThrow().wrappedKey()).isNotEqualTo(wrappedBefore);
        assertThat(store.master().orElseThrow().memoryKib()).isEqualTo(16384);
        assertThatThrownBy(() -> Vault.unlock(store, "correct horse".toCharArray(), random, clock))
                .extracting(e -> ((VaultException) e).code()).isEqualTo("vault_passphrase");
        try (Vault v = Vault.unlock(store, "battery staple".toCharArray(), random, clock)) {
            assertThat(v.get("anthropic.api_key")).contains(SECRET);
        }
    }

    @Test
    void create_shortPassphrase_isRefused() {
        assertThatThrownBy(() -> create("short"))
                .hasMessageContaining("at least 8 characters").extracting(e -> ((VaultException) e).code()).isEqualTo("vault_passphrase");
        assertThat(Vault.exists(store)).isFalse();
    }

    @Test
    void databaseFiles_neverHoldTheValueOrPassphraseInClear() throws Exception {
        try (Vault v = create("correct horse")) {
            v.put("anthropic.api_key", SECRET.toCharArray());
        }
        db.checkpoint();
        for (Path f : Files.list(tmp).toList()) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain(SECRET).doesNotContain("correct horse");
            assertThat(bytes).doesNotContain(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void closedVault_refusesUse() {
        Vault v = create("correct horse");
        v.close();
        v.close();
        assertThatThrownBy(() -> v.get("x")).isInstanceOf(IllegalStateException.class);
    }

    private void sql(String sql, Object arg) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, arg);
                return ps.executeUpdate();
            }
        });
    }

    private static byte[] flip(byte[] b) {
        byte[] out = b.clone();
        out[out.length / 2] ^= 0x01;
        return out;
    }
}
