-- blufio schema 5: the cost ledger, one row per LLM call (SPEC section 3 [cost]).
CREATE TABLE ledger (
    id                 INTEGER PRIMARY KEY,
    at                 INTEGER NOT NULL,   -- epoch ms, UTC
    session_id         INTEGER,            -- null for calls outside a session
    turn_id            INTEGER,
    provider           TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    feature            TEXT    NOT NULL CHECK (feature IN ('chat', 'tool', 'compaction', 'memory')),
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    cost_usd           TEXT    NOT NULL    -- decimal text: exact, no float rounding
);
CREATE INDEX ledger_by_time ON ledger(at);
