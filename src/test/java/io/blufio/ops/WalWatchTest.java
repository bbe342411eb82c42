package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.store.Database;
import io.blufio.store.DeviceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite database in WAL mode whose {@code -wal} file is deleted under it, as an outside process would. */
final class WalWatchTest {
    @TempDir Path dir;

    @Test
    void deletedWal_isReportedAtTheNextCheck_andCheckpointedSoAcknowledgedRowsReachTheMainFile() throws Exception {
        try (Database db = Database.open(dir.resolve("blufio.db"))) {
            DeviceStore devices = new DeviceStore(db);
            WalWatch watch = new WalWatch(db, Duration.ofHours(1));  // checked by hand below
            devices.add("before", new byte[32], Instant.now());
            assertThat(watch.check()).isEmpty();
            Path wal = dir.resolve("blufio.db-wal");
            assertThat(wal).exists();

            Files.delete(wal);
            devices.add("after", new byte[32], Instant.now());  // goes to the unlinked WAL
            assertThat(watch.check()).hasValueSatisfying(p -> assertThat(p).contains("blufio.db-wal was deleted").contains("restart"));
            assertThat(watch.problem()).isPresent();
            assertThat(Watchdog.wal(watch).stalled().get()).isPresent();

            // what a process opening the main file alone (after a crash) would find: both rows, thanks to the checkpoint
            Files.deleteIfExists(dir.resolve("blufio.db-shm"));
            Files.copy(dir.resolve("blufio.db"), dir.resolve("copy.db"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("copy.db"));
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM devices")) {
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void untouchedWal_staysHealthy() {
        try (Database db = Database.open(dir.resolve("blufio.db"))) {
            WalWatch watch = new WalWatch(db, Duration.ofHours(1));
            new DeviceStore(db).add("a", new byte[32], Instant.now());
            assertThat(watch.check()).isEmpty();
            db.checkpoint();  // TRUNCATE keeps the same file
            new DeviceStore(db).add("b", new byte[32], Instant.now());
            assertThat(watch.check()).isEmpty();
            assertThat(Watchdog.wal(watch).stalled().get()).isEmpty();
        }
    }
}
