package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database of schema V5 (before the outbox, schedules and memory sources), with facts and ledger rows in it, is upgraded in place without losing a fact or a ledger row. */
final class MemoriesMigrationTest {
    @TempDir Path tmp;

    private static String sql(String name) throws Exception {
        try (InputStream in = MemoriesMigrationTest.class.getResourceAsStream("/db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void open_v5DatabaseWithFactsAndLedgerRows_keepsThemAndTheirIndex() throws Exception {
        Path file = tmp.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (int v = 1; v <= 5; v++) for (String s : Migrations.splitStatements(sql("V" + v + ".sql"))) st.execute(s);
            st.execute("PRAGMA user_version = 5");
            st.execute("INSERT INTO memories(text, embedding, source, created_at) VALUES ('I have a cat named Miso', zeroblob(1536), 'cli', 1)");
            st.execute("INSERT INTO memories(text, embedding, source, created_at, status) VALUES ('old archived fact', zeroblob(1536), 'tool', 2, 'archived')");
            st.execute("INSERT INTO ledger(at, provider, model, feature, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd)"
                    + " VALUES (1, 'anthropic', 'claude-sonnet-5-5', 'compaction', 1, 2, 3, 4, '0.001')");
        }
        try (Database db = Database.open(file)) {
            db.read(c -> {
                try (Statement st = c.createStatement()) {
                    try (ResultSet rs = st.executeQuery("SELECT source, origin, status, updated_at FROM memories ORDER BY id")) {
                        rs.next();
                        assertThat(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getLong(4)).isEqualTo("explicit/cli/active/1");
                        rs.next();
                        assertThat(rs.getString(3)).isEqualTo("forgotten");
                    }
                    try (ResultSet rs = st.executeQuery("SELECT rowid FROM memories_fts WHERE memories_fts MATCH 'miso'")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(1);
                    }
                    try (ResultSet rs = st.executeQuery("SELECT feature, cost_usd, intended_model FROM ledger")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("compaction");
                        assertThat(rs.getString(2)).isEqualTo("0.001");
                        assertThat(rs.getString(3)).isNull();
                    }
                }
                return null;
            });
            db.write(c -> {  // the rebuilt table keeps its triggers: an update of the text reaches the index
                try (Statement st = c.createStatement()) {
                    st.execute("UPDATE memories SET text = 'I have a dog named Rex' WHERE id = 1");
                    st.execute("INSERT INTO ledger(at, provider, model, feature, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd)"
                            + " VALUES (2, 'anthropic', 'claude-haiku-4-5', 'extraction', 1, 1, 0, 0, '0')");
                }
                return null;
            });
            int hits = db.read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'rex'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(hits).isEqualTo(1);
        }
    }
}
