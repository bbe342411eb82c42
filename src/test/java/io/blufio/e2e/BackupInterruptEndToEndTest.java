package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted backup leaves nothing (issue 10 item 7): SIGTERM, or SIGINT as Ctrl-C sends, while the
 * copy is being written removes {@code PATH.tmp} and any {@code -journal} beside it, and PATH never appears.
 */
final class BackupInterruptEndToEndTest {
    @TempDir Path tmp;

    @Test
    void sigtermOrCtrlCDuringTheCopy_removesTheTmpFiles_andWritesNoBackup() throws Exception {
        Path data = tmp.resolve("data");
        try (Database db = Database.open(Files.createDirectories(data).resolve("blufio.db"))) {
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO sessions(key, channel, created_at, updated_at) "
                    + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000) "
                    + "SELECT 'bulk-' || i || '-" + "x".repeat(120) + "', 'api', 0, 0 FROM n"));
        }
        System.out.println("database built: " + Files.size(data.resolve("blufio.db")) + " bytes");
        interrupt(data, "TERM");
        interrupt(data, "INT");
    }

    private void interrupt(Path data, String signal) throws Exception {
        Path target = tmp.resolve("out-" + signal + "/copy.db");
        Files.createDirectories(target.getParent());
        Path tmpFile = Path.of(target + ".tmp");
        for (int attempt = 1; ; attempt++) {
            ProcessBuilder pb = new ProcessBuilder(DaemonProcess.javaBin(), "-Xmx128m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main", "--data-dir", data.toString(), "backup", target.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("backup-" + signal + ".out").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_"));
            Process p = pb.start();
            while (p.isAlive() && !Files.exists(tmpFile)) Thread.onSpinWait();  // the copy has begun
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(tmp.resolve("backup-" + signal + ".out"));
            if (p.exitValue() == 0 && attempt < 5) {  // the copy won the race and finished first: try again
                Files.delete(target);
                continue;
            }
            System.out.println("SIG" + signal + ": interrupted on attempt " + attempt);
            assertThat(p.exitValue()).as(out).isEqualTo(signal.equals("TERM") ? 143 : 130);
            assertThat(out).contains("backup interrupted; " + tmpFile + " removed");
            try (var left = Files.list(target.getParent())) {
                List<Path> files = left.toList();
                assertThat(files).as("nothing left: no PATH, no PATH.tmp, no -journal").isEmpty();
            }
            return;
        }
    }
}
