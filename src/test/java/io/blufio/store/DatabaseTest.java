package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DatabaseTest {
    @TempDir Path dir;

    @Test
    void open_migratesAndUsesWalWithFullSync() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            String mode = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("PRAGMA journal_mode"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(mode).isEqualToIgnoringCase("wal");
            int version = db.read(Migrations::version);
            assertThat(version).isEqualTo(Migrations.latest());
        }
        try (Database again = Database.open(dir.resolve("t.db"))) {
            assertThat(again.read(Migrations::version)).isEqualTo(Migrations.latest());
        }
    }

    @Test
    void write_rollsBackOnException() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            DeviceStore devices = new DeviceStore(db);
            assertThatThrownBy(() -> db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices(name, public_key, created_at) VALUES ('a', x'00', 1)")) {
                    ps.executeUpdate();
                }
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(devices.find("a")).isEmpty();
        }
    }

    @Test
    void inbox_acceptDropsDuplicateExternalIds_andRequeuesLeasedRows() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            InboxStore inbox = new InboxStore(db);
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            long id = inbox.accept("telegram", "100", "telegram:1", "1", "hi", now).orElseThrow();
            assertThat(inbox.accept("telegram", "100", "telegram:1", "1", "hi", now)).isEmpty();
            assertThat(inbox.accept("api", null, "api:cli", "cli", "a", now)).isPresent();
            assertThat(inbox.accept("api", null, "api:cli", "cli", "b", now)).isPresent();
            assertThat(inbox.lease(id)).isTrue();
            assertThat(inbox.lease(id)).isFalse();
            assertThat(inbox.requeueLeased()).isEqualTo(1);
            assertThat(inbox.pending(10)).extracting(InboxItem::id).first().isEqualTo(id);
            assertThat(inbox.depth()).isEqualTo(3);
        }
    }

    @Test
    void dataDir_isCreated0700_andLockedOnce() throws Exception {
        DataDir d = new DataDir(dir.resolve("data")).create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.root()))).isEqualTo("rwx------");
        try (DataDir.ProcessLock lock = d.lock()) {
            assertThat(d.runningPid()).hasValue(ProcessHandle.current().pid());
            assertThatThrownBy(d::lock).hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        assertThat(d.runningPid()).isEmpty();
        try (DataDir.ProcessLock lock = d.lock(DataDir.SHELL)) {
            assertThat(Files.readString(d.pidFile()).strip()).isEqualTo(ProcessHandle.current().pid() + " shell");
        }
        assertThat(new DataDir.Holder(42, DataDir.SHELL).describe()).isEqualTo("a blufio shell (pid 42)");
        assertThat(DataDir.heldBy(new DataDir.Holder(42, DataDir.SHELL))).startsWith("no daemon runs: a blufio shell (pid 42) holds the data dir; quit that shell");
    }
}
