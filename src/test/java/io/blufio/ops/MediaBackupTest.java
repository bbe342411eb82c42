package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.Media;
import io.blufio.store.MediaStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures and voice notes live in the database, so a backup and a restore carry them. */
final class MediaBackupTest {
    @TempDir Path tmp;
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void backupThenRestore_keepsEveryPictureAndItsInboxLink() throws Exception {
        DataDir dir = new DataDir(tmp.resolve("data")).create();
        byte[] picture = new byte[300_000];
        new java.util.Random(7).nextBytes(picture);
        picture[0] = (byte) 0xFF;
        Media m = Media.of(Media.IMAGE, "image/jpeg", 800, 600, picture);
        long row;
        try (Database db = Database.open(dir.database())) {
            row = db.write(c -> {
                long id = new InboxStore(db).accept(c, "telegram", "1:1", "telegram:42", "42", "look", clock.instant()).orElseThrow();
                new MediaStore(db).attach(c, id, 0, m, clock.instant());
                return id;
            });
        }
        Path backup = tmp.resolve("backup.db");
        Backup.run(dir.database(), backup, false, f -> {}, System::nanoTime);

        DataDir other = new DataDir(tmp.resolve("other")).create();
        Restore.run(other, backup, clock, System::nanoTime);
        try (Database db = Database.open(other.database())) {
            MediaStore store = new MediaStore(db);
            assertThat(store.get(m.sha256())).get().satisfies(got -> {
                assertThat(got.data()).isEqualTo(picture);
                assertThat(got.mime()).isEqualTo("image/jpeg");
                assertThat(got.width()).isEqualTo(800);
            });
            assertThat(store.ofInbox(row)).extracting(Media::sha256).containsExactly(m.sha256());
        }
    }
}
