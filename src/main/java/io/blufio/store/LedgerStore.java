package io.blufio.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cost ledger: append-only, one row per LLM call, summed by period for budgets and reports. */
public final class LedgerStore {
    private final Database db;

    public LedgerStore(Database db) {
        this.db = db;
    }

    /**
     * Appends one row. Committed at once and safe from a crash of this process; power-loss durable with
     * the next durable commit (the turn's own commit follows within the turn), see {@link Database#writeRelaxed}.
     */
    public void append(LedgerEntry e) {
        db.writeRelaxed(c -> Sql.update(c, """
                INSERT INTO ledger(at, session_id, turn_id, provider, model, feature, input_tokens, output_tokens,
                                   cache_read_tokens, cache_write_tokens, cost_usd, estimated, intended_model)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                e.at(), e.sessionId(), e.turnId(), e.provider(), e.model(), e.feature(), e.inputTokens(), e.outputTokens(),
                e.cacheReadTokens(), e.cacheWriteTokens(), e.costUsd().toPlainString(), e.estimated(), e.intendedModel()));
    }

    /** Returns the exact USD spent in {@code [from, to)}. Sums decimal text in Java, not in SQLite floats. */
    public BigDecimal spent(Instant from, Instant to) {
        return db.read(c -> sum(c, "SELECT cost_usd FROM ledger WHERE at >= ? AND at < ?", from, to));
    }

    /** Returns the sum of the decimal text in the first column of query {@code sql}'s rows (0 for none), exactly. */
    static BigDecimal sum(Connection c, String sql, Object... params) throws SQLException {
        BigDecimal[] sum = {BigDecimal.ZERO};
        Sql.forEach(c, sql, rs -> sum[0] = sum[0].add(new BigDecimal(rs.getString(1))), params);
        return sum[0];
    }

    /** Returns the rows of one turn, oldest first. */
    public List<LedgerEntry> forTurn(long turnId) {
        return db.read(c -> Sql.list(c, "SELECT * FROM ledger WHERE turn_id = ? ORDER BY id", LedgerStore::map, turnId));
    }

    /** Returns the rows billed with {@code feature} (e.g. {@code extraction}), oldest first. */
    public List<LedgerEntry> forFeature(String feature) {
        return db.read(c -> Sql.list(c, "SELECT * FROM ledger WHERE feature = ? ORDER BY id", LedgerStore::map, feature));
    }

    private static LedgerEntry map(ResultSet rs) throws SQLException {
        return new LedgerEntry(Sql.instant(rs, "at"), Sql.longOrNull(rs, "session_id"), Sql.longOrNull(rs, "turn_id"),
                rs.getString("provider"), rs.getString("model"), rs.getString("feature"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"),
                new BigDecimal(rs.getString("cost_usd")), rs.getInt("estimated") == 1, rs.getString("intended_model"));
    }

    /**
     * Returns, per model, how many rows since {@code from} carry estimated token counts (the server sent no
     * usage), most first; empty when every count was reported.
     */
    public Map<String, Long> estimatedByModel(Instant from) {
        return db.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            Sql.forEach(c, """
                    SELECT model, COUNT(*) AS n FROM ledger WHERE estimated = 1 AND at >= ?
                    GROUP BY model ORDER BY n DESC, model""", rs -> out.put(rs.getString("model"), rs.getLong("n")), from);
            return out;
        });
    }
}
