package io.blufio.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        db.writeRelaxed(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ledger(at, session_id, turn_id, provider, model, feature, input_tokens, output_tokens,
                                       cache_read_tokens, cache_write_tokens, cost_usd, estimated, intended_model)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setLong(1, e.at().toEpochMilli());
                if (e.sessionId() == null) ps.setNull(2, Types.INTEGER); else ps.setLong(2, e.sessionId());
                if (e.turnId() == null) ps.setNull(3, Types.INTEGER); else ps.setLong(3, e.turnId());
                ps.setString(4, e.provider());
                ps.setString(5, e.model());
                ps.setString(6, e.feature());
                ps.setLong(7, e.inputTokens());
                ps.setLong(8, e.outputTokens());
                ps.setLong(9, e.cacheReadTokens());
                ps.setLong(10, e.cacheWriteTokens());
                ps.setString(11, e.costUsd().toPlainString());
                ps.setInt(12, e.estimated() ? 1 : 0);
                ps.setString(13, e.intendedModel());
                return ps.executeUpdate();
            }
        });
    }

    /** Returns the exact USD spent in {@code [from, to)}. Sums decimal text in Java, not in SQLite floats. */
    public BigDecimal spent(Instant from, Instant to) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cost_usd FROM ledger WHERE at >= ? AND at < ?")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                BigDecimal sum = BigDecimal.ZERO;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sum = sum.add(new BigDecimal(rs.getString(1)));
                }
                return sum;
            }
        });
    }

    /** Returns the rows of one turn, oldest first. */
    public List<LedgerEntry> forTurn(long turnId) {
        return select("SELECT * FROM ledger WHERE turn_id = ? ORDER BY id", turnId);
    }

    /** Returns the rows billed with {@code feature} (e.g. {@code extraction}), oldest first. */
    public List<LedgerEntry> forFeature(String feature) {
        return select("SELECT * FROM ledger WHERE feature = ? ORDER BY id", feature);
    }

    private List<LedgerEntry> select(String sql, Object param) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, param);
                List<LedgerEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long sid = rs.getLong("session_id");
                        Long session = rs.wasNull() ? null : sid;
                        long tid = rs.getLong("turn_id");
                        Long turn = rs.wasNull() ? null : tid;
                        out.add(new LedgerEntry(Instant.ofEpochMilli(rs.getLong("at")), session, turn, rs.getString("provider"),
                                rs.getString("model"), rs.getString("feature"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                                rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"), new BigDecimal(rs.getString("cost_usd")),
                                rs.getInt("estimated") == 1, rs.getString("intended_model")));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Returns, per model, how many rows since {@code from} carry estimated token counts (the server sent no
     * usage), most first; empty when every count was reported.
     */
    public java.util.Map<String, Long> estimatedByModel(Instant from) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT model, COUNT(*) AS n FROM ledger WHERE estimated = 1 AND at >= ?
                    GROUP BY model ORDER BY n DESC, model""")) {
                ps.setLong(1, from.toEpochMilli());
                java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString("model"), rs.getLong("n"));
                }
                return out;
            }
        });
    }
}
