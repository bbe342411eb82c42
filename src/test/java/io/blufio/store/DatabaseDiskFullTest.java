package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.blufio.testing.SmallTmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLITE_FULL on a real full file system (a small tmpfs) becomes {@code disk_full}, and the database recovers by itself. */
final class DatabaseDiskFullTest {
    @TempDir Path tmp;

    private static void insert(Database db, String key) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions(key, channel, created_at, updated_at) VALUES (?, 'api', 0, 0)")) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }

    private static long count(Database db) {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM sessions")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void write_onAFullDisk_isDiskFullNamingThePath_thenWorksAgainOnceSpaceIsFreed() throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(tmp.resolve("mnt"), 2048); Database db = Database.open(fs.dir().resolve("blufio.db"))) {
            insert(db, "before");
            Path filler = fs.fill("filler");
            String big = "x".repeat(200_000);
            assertThatThrownBy(() -> insert(db, "after-" + big))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.code()).isEqualTo("disk_full");
                        assertThat(e.getMessage()).contains(fs.dir().toString()).contains("is full").contains("resumes by itself");
                    });
            assertThat(db.diskFull()).hasValueSatisfying(r -> assertThat(r).contains(fs.dir().toString()));
            assertThatThrownBy(() -> insert(db, "again-" + big)).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.code()).isEqualTo("disk_full"));
            assertThat(count(db)).as("what was committed before is still there").isEqualTo(1);

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30)).until(() -> db.diskFull().isEmpty());  // the probe notices by itself
            insert(db, "after-space-" + big);
            assertThat(count(db)).isEqualTo(2);
        }
    }
}
