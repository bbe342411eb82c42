package io.blufio.ops;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * A SQLite database file looked at from outside the daemon's {@code Database}: its header, {@code PRAGMA
 * integrity_check}, schema version, tables, and fsync of files and directories for backup and restore.
 *
 * <p>See https://www.sqlite.org/fileformat2.html (header), https://www.sqlite.org/pragma.html#pragma_integrity_check.
 */
public final class SqliteFile {
    /** Problems read from {@code integrity_check} at most; more are summarised by the first ones. */
    static final int MAX_PROBLEMS = 10;
    /** Tables every blufio schema version has (V1): a file without them is not a blufio database. */
    static final List<String> CORE_TABLES = List.of("sessions", "messages", "inbox", "devices");
    /** How long SQLite waits for a lock held by the daemon before failing, in ms. */
    static final int BUSY_TIMEOUT_MS = 5_000;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFile() {}

    /**
     * Opens a JDBC connection to {@code file}; the caller closes it.
     *
     * @param readOnly open with {@code SQLITE_OPEN_READONLY} (the file must exist)
     */
    public static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(readOnly);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        return cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Returns true when {@code file} starts with the 16-byte SQLite 3 header string. */
    public static boolean hasSqliteHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code PRAGMA integrity_check} and returns its problems (empty when the answer is {@code ok}). */
    public static List<String> integrityProblems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check(" + MAX_PROBLEMS + ")")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) problems.add(line);
            }
        }
        return problems;
    }

    /** Returns {@code PRAGMA user_version}, blufio's schema version. */
    public static int userVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Returns the {@link #CORE_TABLES} missing from the file's schema. */
    public static List<String> missingCoreTables(Connection c) throws SQLException {
        Set<String> have = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) have.add(rs.getString(1));
        }
        return CORE_TABLES.stream().filter(t -> !have.contains(t)).toList();
    }

    /**
     * Checks that {@code file} is an intact blufio database this build can open: SQLite header, {@code
     * integrity_check} ok, the core tables present, schema version from 1 up to {@code latestSchema}.
     *
     * @return the file's schema version
     * @throws BlufioException {@code backup_invalid} naming what is wrong
     */
    public static int verify(Path file, int latestSchema) {
        if (!Files.isRegularFile(file)) throw invalid(file, "it does not exist or is not a regular file");
        if (!hasSqliteHeader(file)) throw invalid(file, "it is not a SQLite database (no 'SQLite format 3' header)");
        try (Connection c = open(file, true)) {
            List<String> problems = integrityProblems(c);
            if (!problems.isEmpty()) throw invalid(file, "PRAGMA integrity_check failed: " + String.join("; ", problems));
            List<String> missing = missingCoreTables(c);
            if (!missing.isEmpty()) throw invalid(file, "it is not a blufio database (tables missing: " + String.join(", ", missing) + ")");
            int v = userVersion(c);
            if (v > latestSchema) {
                throw invalid(file, "its schema version " + v + " is newer than this blufio's " + latestSchema + "; upgrade blufio first");
            }
            if (v < 1) throw invalid(file, "its schema version is " + v + ", not a migrated blufio database");
            return v;
        } catch (SQLException e) {
            throw invalid(file, "SQLite cannot read it: " + e.getMessage());
        }
    }

    private static BlufioException invalid(Path file, String why) {
        return new BlufioException(ErrorCode.BACKUP_INVALID, "refusing " + file + ": " + why + "; nothing was changed");
    }

    /** Forces {@code file}'s content to disk (fsync). */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Forces a directory's entries (a rename or a new file in it) to disk; POSIX needs this after a rename. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
