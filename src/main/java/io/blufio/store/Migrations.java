package io.blufio.store;

import io.blufio.ErrorCode;
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
 * Applies the SQL files {@code db/V1.sql}, {@code db/V2.sql}, ... on the classpath in order (the first
 * missing number ends the list), each in one transaction, recording the schema version in
 * {@code PRAGMA user_version} (https://www.sqlite.org/pragma.html#pragma_user_version). Statements are
 * separated by a {@code ;} at the end of a line; a {@code CREATE TRIGGER ... END;} block is kept whole.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** Every migration, in order; index + 1 is its version. */
    static final java.util.List<String> FILES = discover();

    private Migrations() {}

    /** Returns the schema version this build expects. */
    static int latest() {
        return FILES.size();
    }

    private static java.util.List<String> discover() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int v = 1; Migrations.class.getResource("/db/V" + v + ".sql") != null; v++) out.add("V" + v + ".sql");
        return java.util.List.copyOf(out);
    }

    static void apply(Connection c) throws SQLException {
        int current = version(c);
        if (current > latest()) {
            throw new StoreException(ErrorCode.SCHEMA_TOO_NEW, "the database has schema version " + current
                    + " but this blufio knows only up to " + latest() + ": upgrade blufio or restore an older backup");
        }
        for (int v = current + 1; v <= latest(); v++) {
            String sql = load(FILES.get(v - 1));
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String stmt : splitStatements(sql)) st.execute(stmt);
                st.execute("PRAGMA user_version = " + v);
                c.commit();
                log.info("database schema migrated to version {} ({})", v, FILES.get(v - 1));
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + FILES.get(v - 1) + " failed: " + e.getMessage(), e);
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

    static String load(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + name)) {
            if (in == null) throw new IllegalStateException("migration /db/" + name + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    /**
     * Splits on ';' at line ends, after dropping '--' comments; inside {@code CREATE TRIGGER} only the
     * line {@code END;} ends the statement. Migrations must not put ';' at a line end inside a string.
     */
    static java.util.List<String> splitStatements(String sql) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean trigger = false;
        for (String line : sql.split("\n")) {
            int dash = line.indexOf("--");
            String code = (dash >= 0 ? line.substring(0, dash) : line).stripTrailing();
            if (code.isBlank()) continue;
            if (cur.isEmpty() && code.strip().toUpperCase(java.util.Locale.ROOT).matches("CREATE\\s+(TEMP\\s+)?TRIGGER.*")) trigger = true;
            cur.append(code).append('\n');
            boolean end = trigger ? code.strip().equalsIgnoreCase("END;") : code.endsWith(";");
            if (end) {
                String stmt = cur.toString().trim();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
                trigger = false;
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().trim());
        return out;
    }
}
