package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DeviceKeysTest {
    @TempDir Path dir;

    @Test
    void rawPublicKey_roundTripsThroughPublicKey() {
        KeyPair pair = DeviceKeys.generate();

        byte[] raw = DeviceKeys.rawPublicKey(pair.getPublic());

        assertThat(raw).hasSize(32);
        assertThat(DeviceKeys.publicKey(raw)).isEqualTo(pair.getPublic());
    }

    @Test
    void publicKey_wrongLength_isRefused() {
        assertThatThrownBy(() -> DeviceKeys.publicKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes, got 31");
    }

    @Test
    void rawPublicKey_nonEd25519Key_isRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");

        assertThatThrownBy(() -> DeviceKeys.rawPublicKey(ec.generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 public key");
    }

    @Test
    void publicKeyOf_rebuildsThePublicKeyOfAGeneratedPair() {
        KeyPair pair = DeviceKeys.generate();

        assertThat(DeviceKeys.publicKeyOf(pair.getPrivate())).isEqualTo(pair.getPublic());
    }

    @Test
    void toPem_fromPem_roundTripsAndIgnoresLeadingComment() {
        PrivateKey key = DeviceKeys.generate().getPrivate();

        String pem = DeviceKeys.toPem(key);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(DeviceKeys.fromPem("# a comment\n" + pem).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void fromPem_garbage_failsWithoutQuotingTheInput() {
        String secretish = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> DeviceKeys.fromPem(secretish))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("device_key_invalid"))
                .message().doesNotContain("U0VDUkVU");
    }

    @Test
    void writePrivateKey_createsFile0600InDir0700_andReadsBack() throws Exception {
        Path file = dir.resolve("data/devices/laptop.key");
        PrivateKey key = DeviceKeys.generate().getPrivate();

        DeviceKeys.writePrivateKey(file, key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(DeviceKeys.readPrivateKey(file).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void writePrivateKey_existingFile_isNeverOverwritten() throws Exception {
        Path file = dir.resolve("k.key");
        Files.writeString(file, "keep me");

        assertThatThrownBy(() -> DeviceKeys.writePrivateKey(file, DeviceKeys.generate().getPrivate()))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("device_key_exists"));
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void readPrivateKey_missingOrCorruptFile_namesThePath() throws Exception {
        Path missing = dir.resolve("none.key");
        Path corrupt = Files.writeString(dir.resolve("bad.key"), "not a key");

        assertThatThrownBy(() -> DeviceKeys.readPrivateKey(missing))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("device_key_missing"))
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> DeviceKeys.readPrivateKey(corrupt))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("device_key_invalid"))
                .hasMessageContaining(corrupt.toString()).message().doesNotContain("not a key");
    }
}
