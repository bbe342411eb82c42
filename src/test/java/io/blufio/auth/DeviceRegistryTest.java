package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.Device;
import io.blufio.store.DeviceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DeviceRegistryTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir Path dir;
    Database db;
    DeviceStore store;
    DataDir dataDir;
    DeviceRegistry registry;

    @BeforeEach
    void setUp() {
        db = Database.open(dir.resolve("t.db"));
        store = new DeviceStore(db);
        dataDir = new DataDir(dir.resolve("data"));
        registry = new DeviceRegistry(store, dataDir, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void create_newName_registersPublicKeyAndWritesPrivateKey0600() throws Exception {
        Device device = registry.create("laptop");

        Path file = dataDir.deviceKey("laptop");
        assertThat(device.name()).isEqualTo("laptop");
        assertThat(device.createdAt()).isEqualTo(NOW);
        assertThat(device.active()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(DeviceKeys.rawPublicKey(DeviceKeys.publicKeyOf(registry.loadPrivateKey("laptop")))).isEqualTo(device.publicKey());
    }

    @Test
    void create_invalidName_failsWithDeviceName() {
        for (String bad : new String[] {"", "Laptop", "-x", "_x", "a".repeat(33), "../etc", "a b", "é"}) {
            assertCode(() -> registry.create(bad), "device_name");
        }
        assertCode(() -> registry.create(null), "device_name");
        assertThat(registry.create("a".repeat(32)).name()).hasSize(32);
    }

    @Test
    void create_takenOrRevokedName_failsWithDeviceExists() {
        registry.create("laptop");
        registry.revoke("laptop");

        assertCode(() -> registry.create("laptop"), "device_exists");
    }

    @Test
    void create_strayKeyFile_failsWithDeviceExistsAndKeepsTheFile() throws Exception {
        Path file = dataDir.deviceKey("phone");
        DeviceKeys.writePrivateKey(file, DeviceKeys.generate().getPrivate());
        byte[] before = Files.readAllBytes(file);

        assertCode(() -> registry.create("phone"), "device_exists");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(store.find("phone")).isEmpty();
    }

    @Test
    void ensureLocal_firstStart_createsCliRowAndKey_thenIsIdempotent() throws Exception {
        Device first = registry.ensureLocal();
        byte[] keyFile = Files.readAllBytes(dataDir.deviceKey("cli"));

        Device second = registry.ensureLocal();

        assertThat(first.name()).isEqualTo("cli");
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(Files.readAllBytes(dataDir.deviceKey("cli"))).isEqualTo(keyFile);
        assertThat(registry.list()).extracting(Device::name).containsExactly("cli");
    }

    @Test
    void ensureLocal_keyFileWithoutRow_registersTheFilesPublicKey() {
        KeyPair pair = DeviceKeys.generate();
        DeviceKeys.writePrivateKey(dataDir.deviceKey("cli"), pair.getPrivate());

        Device cli = registry.ensureLocal();

        assertThat(cli.publicKey()).isEqualTo(DeviceKeys.rawPublicKey(pair.getPublic()));
    }

    @Test
    void reconcileLocal_rowWithoutKeyFile_rekeysTheCliDevice_andLeavesOthersAlone() {
        byte[] raw = DeviceKeys.rawPublicKey(DeviceKeys.generate().getPublic());
        store.add("cli", raw, NOW);
        byte[] laptop = DeviceKeys.rawPublicKey(DeviceKeys.generate().getPublic());
        store.add("laptop", laptop, NOW);

        DeviceRegistry.LocalDevice cli = registry.reconcileLocal();

        assertThat(cli.outcome()).isEqualTo(DeviceRegistry.LocalOutcome.REKEYED);
        assertThat(cli.message()).contains("no key file").contains("no longer accepted");
        assertThat(cli.device().publicKey()).isNotEqualTo(raw);
        assertThat(DeviceKeys.rawPublicKey(DeviceKeys.publicKeyOf(registry.loadPrivateKey("cli")))).isEqualTo(cli.device().publicKey());
        assertThat(store.find("laptop").orElseThrow().publicKey()).isEqualTo(laptop);
        assertThat(registry.reconcileLocal().outcome()).isEqualTo(DeviceRegistry.LocalOutcome.UNCHANGED);
    }

    @Test
    void loadPrivateKey_missingFile_explainsTheFix() {
        store.add("phone", DeviceKeys.rawPublicKey(DeviceKeys.generate().getPublic()), NOW);
        assertThatThrownBy(() -> registry.loadPrivateKey("phone"))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("device_key_missing"))
                .hasMessageContaining(dataDir.deviceKey("phone").toString())
                .hasMessageContaining("restore the file from a backup");
    }

    @Test
    void reconcileLocal_revokedCli_staysRevoked_corruptKeyFileIsNeverOverwritten() throws Exception {
        store.add("cli", DeviceKeys.rawPublicKey(DeviceKeys.generate().getPublic()), NOW);
        store.revoke("cli", NOW);
        assertThat(registry.reconcileLocal().outcome()).isEqualTo(DeviceRegistry.LocalOutcome.REVOKED);
        assertThat(Files.exists(dataDir.deviceKey("cli"))).isFalse();

        Files.createDirectories(dataDir.deviceKey("cli").getParent());
        Files.writeString(dataDir.deviceKey("cli"), "not a key");
        try (Database other = Database.open(dir.resolve("other.db"))) {
            DeviceRegistry.LocalDevice r = new DeviceRegistry(new DeviceStore(other), dataDir, Clock.systemUTC()).reconcileLocal();
            assertThat(r.outcome()).isEqualTo(DeviceRegistry.LocalOutcome.KEY_UNUSABLE);
            assertThat(r.message()).contains(dataDir.deviceKey("cli").toString()).contains("move it away");
        }
        assertThat(Files.readString(dataDir.deviceKey("cli"))).isEqualTo("not a key");
    }

    @Test
    void loadPrivateKey_fileOfAnotherKey_failsWithMismatch() {
        store.add("cli", DeviceKeys.rawPublicKey(DeviceKeys.generate().getPublic()), NOW);
        DeviceKeys.writePrivateKey(dataDir.deviceKey("cli"), DeviceKeys.generate().getPrivate());

        assertCode(() -> registry.loadPrivateKey("cli"), "device_key_mismatch");
        DeviceRegistry.LocalDevice local = registry.reconcileLocal();  // serve and restore register the file's key
        assertThat(local.outcome()).isEqualTo(DeviceRegistry.LocalOutcome.REGISTERED_FILE);
        assertThat(registry.loadPrivateKey("cli")).isNotNull();
    }

    @Test
    void loadPrivateKey_copiedKeyWithoutLocalRow_isUsable() throws Exception {
        Path copied = dataDir.deviceKey("remote");
        DeviceKeys.writePrivateKey(copied, DeviceKeys.generate().getPrivate());

        assertThat(registry.loadPrivateKey("remote").getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void revoke_activeThenAgainThenUnknown() {
        registry.create("laptop");

        registry.revoke("laptop");

        assertThat(store.find("laptop").orElseThrow().revokedAt()).isEqualTo(NOW);
        assertCode(() -> registry.revoke("laptop"), "device_revoked");
        assertCode(() -> registry.revoke("nobody"), "device_unknown");
        assertCode(() -> registry.revoke("../x"), "device_name");
    }

    @Test
    void export_returnsCommentLineAndPemOfTheKey() {
        registry.create("laptop");

        String text = registry.export("laptop");

        assertThat(text).startsWith("# blufio device \"laptop\"").contains("\n-----BEGIN PRIVATE KEY-----\n");
        assertThat(DeviceKeys.fromPem(text).getEncoded()).isEqualTo(registry.loadPrivateKey("laptop").getEncoded());
    }

    @Test
    void export_unknownRevokedOrKeyElsewhere_fails() throws Exception {
        registry.create("old");
        registry.revoke("old");
        store.add("phone", DeviceKeys.rawPublicKey(DeviceKeys.generate().getPublic()), NOW);

        assertCode(() -> registry.export("nobody"), "device_unknown");
        assertCode(() -> registry.export("old"), "device_revoked");
        assertThatThrownBy(() -> registry.export("phone"))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("device_key_missing"))
                .hasMessageContaining("not on this machine");
    }

    private static void assertCode(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
