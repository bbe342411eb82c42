package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.BlufioException;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore on real SQLite files in a temporary directory. */
final class BackupRestoreTest {
    @TempDir Path tmp;
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    private static void addSessions(Database db, String prefix, int n) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions(key, channel, created_at, updated_at) VALUES (?, 'api', 0, 0)")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, prefix + i);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    static long sessions(Path file) throws Exception {
        try (Connection c = SqliteFile.open(file, true); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sessions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean anyTmp(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().contains(".tmp"));
        }
    }

    @Test
    void run_whileAWriterCommits_copyPassesIntegrityAndHoldsEveryCommittedRow() throws Exception {
        DataDir dir = new DataDir(tmp.resolve("data")).create();
        AtomicLong committed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (Database db = Database.open(dir.database())) {
            addSessions(db, "bulk-", 50_000);  // a few MB, so the copy overlaps the writes
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    addSessions(db, "live-" + i + "-", 1);
                    committed.incrementAndGet();
                }
            });
            Thread.sleep(100);
            long before = committed.get();
            Backup.Result r = Backup.run(dir.database(), tmp.resolve("copy.db"), false, f -> {}, System::nanoTime);
            long after = committed.get();
            stop.set(true);
            writer.join();
            assertThat(r.bytes()).isPositive();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(r.path())))
                    .isEqualTo("rw-------");
            assertThat(r.schemaVersion()).isEqualTo(Database.schemaVersion());
            assertThat(SqliteFile.verify(r.path(), Database.schemaVersion())).isEqualTo(Database.schemaVersion());
            assertThat(sessions(r.path()) - 50_000).isBetween(before, after + 1);
            assertThat(committed.get()).isGreaterThan(before);  // the writer was never blocked for the whole copy
        }
        assertThat(anyTmp(tmp)).isFalse();
    }

    @Test
    void run_intoAPathUnderAFile_failsCleanly_leavingNoTmp() throws Exception {
        Path db = seeded();
        Path notADir = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> Backup.run(db, notADir.resolve("copy.db"), false, f -> {}, System::nanoTime))
                .isInstanceOf(BlufioException.class).hasMessageContaining("backup failed");
        assertThat(anyTmp(tmp)).isFalse();
    }

    @Test
    void run_intoAReadOnlyFileSystem_failsCleanly_leavingNoTmp() {
        Path db = seeded();
        Path proc = Path.of("/proc/blufio-backup-test-" + ProcessHandle.current().pid() + ".db");  // /proc takes no new files, not even from root
        assertThatThrownBy(() -> Backup.run(db, proc, false, f -> {}, System::nanoTime))
                .isInstanceOf(BlufioException.class).hasMessageContaining("backup failed");
        assertThat(Files.exists(Path.of(proc + ".tmp"))).isFalse();
    }

    @Test
    void run_ontoAnExistingFile_isRefusedWithoutForce() throws Exception {
        Path db = seeded();
        Path target = Files.writeString(tmp.resolve("old.db"), "keep me");
        assertThatThrownBy(() -> Backup.run(db, target, false, f -> {}, System::nanoTime)).hasMessageContaining("--force");
        assertThat(Files.readString(target)).isEqualTo("keep me");
    }

    @Test
    void restore_whenStopped_swapsIn_andKeepsThePreviousDatabase() throws Exception {
        DataDir dir = new DataDir(tmp.resolve("data")).create();
        try (Database db = Database.open(dir.database())) {
            addSessions(db, "before-", 3);
        }
        Path backup = Backup.run(dir.database(), tmp.resolve("b.db"), false, f -> {}, System::nanoTime).path();
        try (Database db = Database.open(dir.database())) {
            addSessions(db, "after-", 2);
        }
        Restore.Result r = Restore.run(dir, backup, clock, System::nanoTime);
        assertThat(r.safetyCopy().getFileName().toString()).isEqualTo("blufio.db.pre-restore-20250301T120000.000Z");
        assertThat(sessions(dir.database())).isEqualTo(3);
        assertThat(sessions(r.safetyCopy())).isEqualTo(5);
        assertThat(Files.exists(dir.root().resolve("blufio.db.restoring"))).isFalse();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(r.safetyCopy()))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.database()))).isEqualTo("rw-------");
    }

    @Test
    void restore_cliDevice_rekeyedInAnEmptyDataDir_orMatchedToTheKeyFileAlreadyThere() throws Exception {
        DataDir old = new DataDir(tmp.resolve("old")).create();
        try (Database db = Database.open(old.database())) {
            var registry = new io.blufio.auth.DeviceRegistry(new io.blufio.store.DeviceStore(db), old, clock);
            registry.ensureLocal();
            registry.create("phone");
        }
        Path backup = Backup.run(old.database(), tmp.resolve("b.db"), false, f -> {}, System::nanoTime).path();

        Restore.Result empty = Restore.run(new DataDir(tmp.resolve("empty")), backup, clock, System::nanoTime);
        assertThat(empty.devices()).extracting(Restore.DeviceNote::name, Restore.DeviceNote::action)
                .containsExactly(org.assertj.core.api.Assertions.tuple("cli", "rekeyed"), org.assertj.core.api.Assertions.tuple("phone", "kept"));
        assertThat(empty.devices().get(0).detail()).contains("no longer accepted");

        DataDir used = new DataDir(tmp.resolve("used")).create();  // serve ran here once: its own cli.key
        io.blufio.auth.DeviceKeys.writePrivateKey(used.deviceKey("cli"), io.blufio.auth.DeviceKeys.generate().getPrivate());
        Restore.Result again = Restore.run(used, backup, clock, System::nanoTime);
        assertThat(again.devices().get(0).action()).isEqualTo("registered_file");
        try (Database db = Database.open(used.database())) {
            var registry = new io.blufio.auth.DeviceRegistry(new io.blufio.store.DeviceStore(db), used, clock);
            assertThat(registry.loadPrivateKey("cli")).isNotNull();  // matches the registered key now
        }
    }

    @Test
    void restore_ofACorruptBackup_isRefusedBeforeAnythingIsTouched() throws Exception {
        DataDir dir = new DataDir(tmp.resolve("data")).create();
        try (Database db = Database.open(dir.database())) {
            addSessions(db, "s-", 5_000);
        }
        Path backup = Backup.run(dir.database(), tmp.resolve("b.db"), false, f -> {}, System::nanoTime).path();
        corrupt(backup);
        byte[] current = Files.readAllBytes(dir.database());
        assertThatThrownBy(() -> Restore.run(dir, backup, clock, System::nanoTime))
                .isInstanceOfSatisfying(BlufioException.class, e -> assertThat(e.code()).isEqualTo("backup_invalid"))
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readAllBytes(dir.database())).isEqualTo(current);
        try (Stream<Path> files = Files.list(dir.root())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("pre-restore") || n.contains("restoring"));
        }
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a database");
        assertThatThrownBy(() -> Restore.run(dir, text, clock, System::nanoTime)).hasMessageContaining("not a SQLite database");
    }

    @Test
    void restore_whileTheDataDirIsLocked_isRefusedWithDataDirLocked() throws Exception {
        DataDir dir = new DataDir(tmp.resolve("data")).create();
        try (Database db = Database.open(dir.database())) {
            addSessions(db, "s-", 1);
        }
        Path backup = Backup.run(dir.database(), tmp.resolve("b.db"), false, f -> {}, System::nanoTime).path();
        try (DataDir.ProcessLock held = dir.lock()) {
            assertThatThrownBy(() -> Restore.run(dir, backup, clock, System::nanoTime))
                    .isInstanceOfSatisfying(BlufioException.class, e -> assertThat(e.code()).isEqualTo("data_dir_locked"));
        }
    }

    private Path seeded() {
        DataDir dir = new DataDir(tmp.resolve("seed")).create();
        try (Database db = Database.open(dir.database())) {
            addSessions(db, "s-", 10);
        }
        return dir.database();
    }

    /** Overwrites the middle of the file (b-tree pages) with garbage, keeping the header intact. */
    static void corrupt(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long len = f.length();
            byte[] junk = new byte[8192];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            f.seek(Math.max(4096, len / 2 - 4096));
            f.write(junk);
        }
    }
}
