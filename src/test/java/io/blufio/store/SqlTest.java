package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqlTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123Z");

    @TempDir Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"));
        db.write(c -> Sql.update(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v, note TEXT)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private record Stored(String type, String literal) {}

    /** Binds {@code value} into column {@code v} of a new row and returns SQLite's storage class and SQL literal of it. */
    private Stored roundTrip(Object value) {
        long id = db.write(c -> Sql.insert(c, "INSERT INTO t(v) VALUES (?)", value));
        return db.read(c -> Sql.one(c, "SELECT typeof(v), quote(v) FROM t WHERE id = ?",
                rs -> new Stored(rs.getString(1), rs.getString(2)), id)).orElseThrow();
    }

    @Test
    void bind_givesEachTypeItsStorageClass() {
        assertThat(roundTrip(null)).isEqualTo(new Stored("null", "NULL"));
        assertThat(roundTrip("héllo")).isEqualTo(new Stored("text", "'héllo'"));
        assertThat(roundTrip(Long.MAX_VALUE)).isEqualTo(new Stored("integer", "9223372036854775807"));
        assertThat(roundTrip(-7)).isEqualTo(new Stored("integer", "-7"));
        assertThat(roundTrip(2.5)).isEqualTo(new Stored("real", "2.5"));
        assertThat(roundTrip(true)).isEqualTo(new Stored("integer", "1"));
        assertThat(roundTrip(false)).isEqualTo(new Stored("integer", "0"));
        assertThat(roundTrip(new byte[] {1, 2, (byte) 0xff})).isEqualTo(new Stored("blob", "X'0102FF'"));
        assertThat(roundTrip(AT)).isEqualTo(new Stored("integer", Long.toString(AT.toEpochMilli())));
    }

    @Test
    void bind_bytesComeBackUnchanged() {
        byte[] data = {0, 1, (byte) 0x80, (byte) 0xff};
        long id = db.write(c -> Sql.insert(c, "INSERT INTO t(v) VALUES (?)", (Object) data));
        assertThat(db.<Optional<byte[]>>read(c -> Sql.one(c, "SELECT v FROM t WHERE id = ?", rs -> rs.getBytes(1), id))).hasValue(data);
    }

    @Test
    void bind_refusesOtherTypes_namingPositionAndType() {
        assertThatThrownBy(() -> db.write(c -> Sql.update(c, "INSERT INTO t(v, note) VALUES (?, ?)", "x", new BigDecimal("1.5"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 2 of type java.math.BigDecimal");
        assertThat(db.<Long>read(c -> Sql.scalarLong(c, "SELECT count(*) FROM t"))).isZero();
    }

    @Test
    void bind_nullMatchesNothingInEquality_butIsNullTests() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v, note) VALUES (?, ?), (?, ?)", 1L, "a", 2L, null));
        assertThat(db.<Long>read(c -> Sql.scalarLong(c, "SELECT count(*) FROM t WHERE (? IS NULL OR v = ?)", null, null))).isEqualTo(2);
        assertThat(db.<Long>read(c -> Sql.scalarLong(c, "SELECT count(*) FROM t WHERE (? IS NULL OR v = ?)", 2L, 2L))).isEqualTo(1);
    }

    @Test
    void update_returnsRowsChanged() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v) VALUES (1), (2), (3)"));
        assertThat(db.<Integer>write(c -> Sql.update(c, "UPDATE t SET note = ? WHERE v >= ?", "big", 2))).isEqualTo(2);
        assertThat(db.<Integer>write(c -> Sql.update(c, "DELETE FROM t WHERE v > ?", 10))).isZero();
    }

    @Test
    void insert_returnsTheNewRowid() {
        long first = db.write(c -> Sql.insert(c, "INSERT INTO t(v) VALUES (?)", "a"));
        long second = db.write(c -> Sql.insert(c, "INSERT INTO t(v) VALUES (?)", "b"));
        assertThat(second).isEqualTo(first + 1);
        assertThat(db.<Long>write(c -> {
            Sql.update(c, "INSERT INTO t(id, v) VALUES (?, ?)", 40L, "c");
            return Sql.lastInsertRowid(c);
        })).isEqualTo(40L);
    }

    @Test
    void one_returnsFirstRow_emptyForNoRowOrNull() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v, note) VALUES ('a', NULL), ('b', 'x')"));
        assertThat(db.<Optional<String>>read(c -> Sql.one(c, "SELECT v FROM t ORDER BY id", rs -> rs.getString(1)))).hasValue("a");
        assertThat(db.<Optional<String>>read(c -> Sql.one(c, "SELECT v FROM t WHERE v = ?", rs -> rs.getString(1), "zz"))).isEmpty();
        assertThat(db.<Optional<String>>read(c -> Sql.one(c, "SELECT note FROM t WHERE v = ?", rs -> rs.getString(1), "a"))).isEmpty();
    }

    @Test
    void list_mapsEveryRowInQueryOrder() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v) VALUES (3), (1), (2)"));
        assertThat(db.<List<Long>>read(c -> Sql.list(c, "SELECT v FROM t ORDER BY v DESC", rs -> rs.getLong(1)))).containsExactly(3L, 2L, 1L);
        assertThat(db.<List<Long>>read(c -> Sql.list(c, "SELECT v FROM t WHERE v > ?", rs -> rs.getLong(1), 5))).isEmpty();
    }

    @Test
    void forEach_handsOverEachRowInOrder() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v, note) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
        List<String> seen = new ArrayList<>();
        db.read(c -> {
            Sql.forEach(c, "SELECT note FROM t WHERE v >= ? ORDER BY v", rs -> seen.add(rs.getString(1)), 2);
            return null;
        });
        assertThat(seen).containsExactly("b", "c");
    }

    @Test
    void exists_isTrueOnlyWithARow() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v) VALUES ('a')"));
        assertThat(db.<Boolean>read(c -> Sql.exists(c, "SELECT 1 FROM t WHERE v = ?", "a"))).isTrue();
        assertThat(db.<Boolean>read(c -> Sql.exists(c, "SELECT 1 FROM t WHERE v = ?", "b"))).isFalse();
    }

    @Test
    void scalars_readTheFirstColumn_zeroOrEmptyWithoutARow() {
        db.write(c -> Sql.update(c, "INSERT INTO t(v, note) VALUES (42, 'x'), (43, NULL)"));
        assertThat(db.<Long>read(c -> Sql.scalarLong(c, "SELECT v FROM t WHERE note = ?", "x"))).isEqualTo(42);
        assertThat(db.<Long>read(c -> Sql.scalarLong(c, "SELECT v FROM t WHERE note = ?", "none"))).isZero();
        assertThat(db.<Optional<String>>read(c -> Sql.scalarString(c, "SELECT note FROM t WHERE v = ?", 42))).hasValue("x");
        assertThat(db.<Optional<String>>read(c -> Sql.scalarString(c, "SELECT note FROM t WHERE v = ?", 43))).isEmpty();
        assertThat(db.<Optional<String>>read(c -> Sql.scalarString(c, "SELECT note FROM t WHERE v = ?", 44))).isEmpty();
    }

    @Test
    void columnReaders_turnNullIntoNull_andEpochMillisIntoInstants() {
        db.write(c -> Sql.update(c, "INSERT INTO t(id, v) VALUES (1, ?), (2, NULL)", AT));
        List<Optional<Instant>> instants = db.read(c -> Sql.list(c, "SELECT v FROM t ORDER BY id",
                rs -> Optional.ofNullable(Sql.instantOrNull(rs, "v"))));
        assertThat(instants).containsExactly(Optional.of(AT), Optional.empty());
        assertThat(db.<List<Instant>>read(c -> Sql.list(c, "SELECT v FROM t ORDER BY id", rs -> Sql.instant(rs, "v"))))
                .containsExactly(AT, Instant.EPOCH);
        assertThat(db.<List<Optional<Long>>>read(c -> Sql.list(c, "SELECT v FROM t ORDER BY id", rs -> Optional.ofNullable(Sql.longOrNull(rs, "v")))))
                .containsExactly(Optional.of(AT.toEpochMilli()), Optional.empty());
    }
}
