package io.blufio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC steps every repository repeats: prepare, bind, execute, map, close. Each method runs one statement
 * on the connection it is given (inside a {@link Database#read} or {@link Database#write}, which own the
 * transaction and wrap the {@link SQLException} this class lets through) and closes what it opened.
 *
 * <p>Parameters bind by their Java type, in order: {@code null} as SQL NULL, {@link String} as TEXT,
 * {@link Long} and {@link Integer} as INTEGER, {@link Double} as REAL, {@link Boolean} as INTEGER 1 or 0,
 * {@code byte[]} as BLOB and {@link Instant} as INTEGER epoch milliseconds (the encoding of every time column;
 * {@link #instant} reads it back). Any other type is refused with an {@link IllegalArgumentException}: the
 * caller converts it (a {@code BigDecimal} to its plain string, an enum to its stored value).
 */
public final class Sql {
    /** Turns the current row of a result set into a value; must not move the cursor. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /** Returns the value of the current row of {@code rs}. */
        T map(ResultSet rs) throws SQLException;
    }

    /** Receives the current row of a result set (for folding rows into a map or a sum); must not move the cursor. */
    @FunctionalInterface
    public interface RowHandler {
        /** Handles the current row of {@code rs}. */
        void handle(ResultSet rs) throws SQLException;
    }

    private Sql() {}

    /** Runs query {@code sql} and returns every row mapped by {@code mapper}, in the order the query gives. */
    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> out = new ArrayList<>();
        forEach(c, sql, rs -> out.add(mapper.map(rs)), params);
        return out;
    }

    /**
     * Runs query {@code sql} and returns its first row mapped by {@code mapper}; empty when there is no row
     * or the mapper returns null (a NULL column). Rows after the first are not read.
     */
    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        }
    }

    /** Runs query {@code sql} and hands each row to {@code handler}, in order, one row at a time. */
    public static void forEach(Connection c, String sql, RowHandler handler, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) handler.handle(rs);
        }
    }

    /** Returns true when query {@code sql} gives at least one row. */
    public static boolean exists(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Returns the first column of the first row of query {@code sql} as a long: 0 when there is no row or the
     * value is NULL (as {@link ResultSet#getLong} reads it). For {@code count(*)} and similar.
     */
    public static long scalarLong(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Returns the first column of the first row of query {@code sql} as text; empty when there is no row or it is NULL. */
    public static Optional<String> scalarString(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rs -> rs.getString(1), params);
    }

    /** Runs statement {@code sql} (INSERT, UPDATE, DELETE) and returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /**
     * Runs INSERT {@code sql} and returns the rowid it gave ({@code SELECT last_insert_rowid()} on the same
     * connection). For an insert that may do nothing ({@code ON CONFLICT DO NOTHING}) use {@link #update} and
     * read the rowid only when it returned 1: otherwise this returns the rowid of an earlier insert.
     */
    public static long insert(Connection c, String sql, Object... params) throws SQLException {
        update(c, sql, params);
        return lastInsertRowid(c);
    }

    /** Returns the rowid of the last row inserted on {@code c} ({@code SELECT last_insert_rowid()}). */
    public static long lastInsertRowid(Connection c) throws SQLException {
        return scalarLong(c, "SELECT last_insert_rowid()");
    }

    /** Returns time column {@code column} of the current row (epoch milliseconds); the epoch when it is NULL. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    /** Returns time column {@code column} of the current row (epoch milliseconds), or null when it is NULL. */
    public static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    /** Returns integer column {@code column} of the current row, or null when it is NULL. */
    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) bind(ps, i + 1, params[i]);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);  // the SQLite driver ignores the type: NULL has none
            case String s -> ps.setString(index, s);
            case Long l -> ps.setLong(index, l);
            case Integer i -> ps.setInt(index, i);
            case Double d -> ps.setDouble(index, d);
            case Boolean b -> ps.setInt(index, b ? 1 : 0);
            case byte[] bytes -> ps.setBytes(index, bytes);
            case Instant t -> ps.setLong(index, t.toEpochMilli());
            default -> throw new IllegalArgumentException("cannot bind parameter " + index + " of type " + value.getClass().getName()
                    + ": pass null, a String, Long, Integer, Double, Boolean, byte[] or Instant");
        }
    }
}
