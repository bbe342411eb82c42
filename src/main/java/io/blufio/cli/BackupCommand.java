package io.blufio.cli;

import io.blufio.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.config.LoadedConfig;
import io.blufio.ops.Backup;
import io.blufio.ops.Restore;
import io.blufio.store.DataDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blufio backup PATH}: a consistent online copy of the database (SPEC 9); {@link Restore} is its way back. */
@Command(name = "backup", mixinStandardHelpOptions = true, header = "Copy the database to PATH, consistently, while the daemon keeps running.",
        description = {"Writes PATH.tmp with VACUUM INTO (one snapshot; the daemon keeps writing), checks it with",
                "PRAGMA integrity_check, fsyncs it and renames it to PATH. On any failure, and on Ctrl-C or SIGTERM,",
                "PATH.tmp (and any -journal beside it) is removed and PATH is untouched. On a terminal a progress bar",
                "shows for copies that take over 2 s. The vault travels inside the database (still encrypted)."},
        footer = {"", "Examples:", "  blufio backup /var/backups/blufio/blufio-$(date -u +%%Y%%m%%dT%%H%%M%%SZ).db",
                "  blufio restore /var/backups/blufio/blufio-20250301T030000Z.db", "", "Exit codes: 0 written, 1 failed."})
final class BackupCommand implements Callable<Integer> {
    static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    /** Copies shorter than this show no progress bar, in ms: 2 s. */
    static final long PROGRESS_AFTER_MS = 2_000;

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PATH", description = "Where to write the backup (a new file).") Path path;
    @Option(names = "--force", description = "Replace PATH if it exists.") boolean force;
    @Option(names = "--json", description = "Print one JSON object {path, bytes, seconds, schema_version}.") boolean json;
    private final GlobalOptions global;

    BackupCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() throws IOException {
        LoadedConfig loaded = global.load();
        DataDir dir = new DataDir(loaded.dataDir());
        PrintWriter err = spec.commandLine().getErr();
        Backup.Result r = Backup.run(dir.database(), path, force, progressBar(err), Ticker.SYSTEM::nanoTime);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.createObjectNode().put("path", r.path().toString()).put("bytes", r.bytes())
                    .put("seconds", r.took().toMillis() / 1000.0).put("schema_version", r.schemaVersion()).toString());
        } else {
            out.println("backup: " + r.path() + " (" + Style.mib(r.bytes()) + ", schema " + r.schemaVersion() + ") written in "
                    + String.format(Locale.ROOT, "%.2f s", r.took().toMillis() / 1000.0) + "; integrity_check ok");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A progress bar on stderr, only on a terminal and only once the copy has run for {@link #PROGRESS_AFTER_MS}. */
    private DoubleConsumer progressBar(PrintWriter err) {
        return progressBar(err, global.fancy() && !json, Ticker.SYSTEM::nanoTime);
    }

    /**
     * Returns a progress callback drawing {@code [#####     ] 50%} on {@code err} (redrawn in place with
     * {@code \r}), silent unless {@code show} and until the copy has run {@link #PROGRESS_AFTER_MS} ms of
     * {@code nanos}: short copies print nothing but their summary.
     */
    static DoubleConsumer progressBar(PrintWriter err, boolean show, java.util.function.LongSupplier nanos) {
        if (!show) return f -> {};
        long started = nanos.getAsLong();
        boolean[] shown = {false};
        return fraction -> {
            if (!shown[0] && (nanos.getAsLong() - started) / 1_000_000 < PROGRESS_AFTER_MS) return;
            int filled = (int) Math.round(fraction * 30);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + (int) Math.round(fraction * 100) + "%" + (fraction >= 1 ? "\n" : ""));
            err.flush();
            shown[0] = true;
        };
    }

    /** {@code blufio restore PATH}: puts a backup in place of the database, keeping the current one. */
    @Command(name = "restore", mixinStandardHelpOptions = true, header = "Replace the database with a backup; the current one is kept.",
            description = {"Verifies PATH first (integrity, schema version, tables) and refuses a bad file before touching",
                    "anything. Refuses while a daemon holds the data dir (stop it first). Keeps the current database as",
                    "blufio.db.pre-restore-<UTC timestamp>, swaps atomically, opens the result and rolls back on failure.",
                    "Then the local cli device is made to match devices/cli.key here: restored on a new server, it gets a",
                    "new key (so status, api and shell work at once); other devices keep working and are listed."},
            footer = {"", "Examples:", "  systemctl stop blufio",
                    "  sudo -u blufio blufio --data-dir /var/lib/blufio restore /var/backups/blufio/blufio-20250301T030000Z.db",
                    "  systemctl start blufio", "", "Exit codes: 0 restored, 1 failed (nothing changed, or rolled back), 75 a daemon holds the data dir."})
    static final class RestoreCommand implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PATH", description = "The backup file to restore.") Path path;
        @Option(names = "--json", description = "Print one JSON object {database, backup, safety_copy, bytes, seconds, schema_version}.") boolean json;
        private final GlobalOptions global;

        RestoreCommand(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            LoadedConfig loaded = global.load();
            Restore.Result r = Restore.run(new DataDir(loaded.dataDir()), path, Clock.systemUTC(), Ticker.SYSTEM::nanoTime);
            PrintWriter out = spec.commandLine().getOut();
            String safety = r.safetyCopy() == null ? null : r.safetyCopy().toString();
            if (json) {
                var root = JSON.createObjectNode().put("database", r.database().toString()).put("backup", path.toAbsolutePath().toString())
                        .put("safety_copy", safety).put("bytes", r.bytes()).put("seconds", r.took().toMillis() / 1000.0)
                        .put("schema_version", r.schemaVersion());
                var devices = root.putArray("devices");
                r.devices().forEach(d -> devices.addObject().put("name", d.name()).put("action", d.action()).put("detail", d.detail()));
                out.println(root.toString());
            } else {
                out.println("restored " + r.database() + " from " + path + " (" + Style.mib(r.bytes()) + ", schema " + r.schemaVersion() + ") in "
                        + String.format(Locale.ROOT, "%.2f s", r.took().toMillis() / 1000.0));
                out.println(safety == null ? "there was no previous database" : "the previous database is kept as " + safety);
                for (Restore.DeviceNote d : r.devices()) out.println("device " + d.name() + ": " + d.action().replace('_', ' ') + " (" + d.detail() + ")");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
