package io.blufio.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the SQL files {@code db/V<n>__<name>.sql} on the classpath in order, each in one transaction,
 * recording the schema version in {@code PRAGMA user_version} (https://www.sqlite.org/pragma.html#pragma_user_version).
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** Every migration, in order; index + 1 is its version. */
    static final String[] FILES = {"V1__core.sql"};

    private Migrations() {}

    /** Returns the schema version this build expects. */
    static int latest() {
        return FILES.length;
    }

    static void apply(Connection c) throws SQLException {
        int current = version(c);
        if (current > latest()) {
            throw new StoreException("schema_too_new", "the database has schema version " + current
                    + " but this blufio knows only up to " + latest() + ": upgrade blufio or restore an older backup");
        }
        for (int v = current + 1; v <= latest(); v++) {
            String sql = load(FILES[v - 1]);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String stmt : splitStatements(sql)) st.execute(stmt);
                st.execute("PRAGMA user_version = " + v);
                c.commit();
                log.info("database schema migrated to version {} ({})", v, FILES[v - 1]);
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + FILES[v - 1] + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + name)) {
            if (in == null) throw new IllegalStateException("migration /db/" + name + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    /** Splits on ';' at line ends, after dropping '--' comments. Migrations hold no triggers or ';' in strings. */
    static java.util.List<String> splitStatements(String sql) {
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            int dash = line.indexOf("--");
            clean.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : clean.toString().split(";")) {
            if (!s.isBlank()) out.add(s.trim());
        }
        return out;
    }
}
