-- blufio schema 6: schedules (reminders, recurring tasks), their runs, heartbeat state (SPEC section 12).
-- Times are epoch milliseconds (UTC).

-- One schedule: a prompt the agent runs in its owner session when an occurrence is due.
--   kind 'at'    spec = RFC 3339 instant ('2025-03-01T09:00:00Z'), fires once
--   kind 'cron'  spec = 5-field Unix cron expression, read in zone (IANA name)
--   kind 'every' spec = whole seconds between occurrences, counted from created_at
-- next_fire_at is the next occurrence not yet fired or skipped; null once a schedule is done or cancelled.
CREATE TABLE schedules (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions(id),
    kind          TEXT    NOT NULL CHECK (kind IN ('at', 'cron', 'every')),
    spec          TEXT    NOT NULL,
    zone          TEXT    NOT NULL,
    prompt        TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,          -- 'tool', 'cli'
    created_at    INTEGER NOT NULL,
    next_fire_at  INTEGER,
    state         TEXT    NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done', 'cancelled')),
    ended_at      INTEGER
);
CREATE INDEX schedules_due ON schedules(state, next_fire_at);
CREATE INDEX schedules_by_session ON schedules(session_id, state);

-- What happened to each occurrence. A fired occurrence is also an inbox row with the external id
-- 'schedule:<schedule id>:<scheduled_at>' (unique per channel), so it can be queued only once.
--   outcome 'fired'      queued on time
--   outcome 'caught_up'  missed while blufio was down, queued at start (within schedules.catch_up_s)
--   outcome 'skipped'    missed and not run (older than schedules.catch_up_s, or folded into a later catch-up);
--                        missed = how many occurrences this row stands for, from scheduled_at on
--   outcome 'run_now'    queued by 'blufio schedule run-now' (scheduled_at = when asked)
CREATE TABLE schedule_runs (
    id            INTEGER PRIMARY KEY,
    schedule_id   INTEGER NOT NULL REFERENCES schedules(id),
    scheduled_at  INTEGER NOT NULL,
    fired_at      INTEGER NOT NULL,
    outcome       TEXT    NOT NULL CHECK (outcome IN ('fired', 'caught_up', 'skipped', 'run_now')),
    missed        INTEGER NOT NULL DEFAULT 1,
    inbox_id      INTEGER,
    note          TEXT,
    UNIQUE (schedule_id, scheduled_at, outcome)
);
CREATE INDEX schedule_runs_by_schedule ON schedule_runs(schedule_id, id);

-- Heartbeat state per session: the hash of (local date + newest message of the user's own turns) at
-- the last check; an unchanged hash skips the check without an LLM call.
CREATE TABLE heartbeats (
    session_id       INTEGER PRIMARY KEY REFERENCES sessions(id),
    last_hash        TEXT    NOT NULL,
    last_checked_at  INTEGER NOT NULL,
    last_outcome     TEXT    NOT NULL        -- 'quiet', 'message', 'unchanged', 'budget', 'error'
);

-- The ledger's feature names of SPEC section 12 (heartbeat and schedule are new): SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt with its rows (https://www.sqlite.org/lang_altertable.html).
CREATE TABLE ledger_v6 (
    id                 INTEGER PRIMARY KEY,
    at                 INTEGER NOT NULL,
    session_id         INTEGER,
    turn_id            INTEGER,
    provider           TEXT    NOT NULL,
    model              TEXT    NOT NULL,
    feature            TEXT    NOT NULL CHECK (feature IN ('chat', 'message', 'tool', 'compaction', 'memory', 'extraction',
                                                          'heartbeat', 'schedule')),
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    cost_usd           TEXT    NOT NULL
);
INSERT INTO ledger_v6 SELECT id, at, session_id, turn_id, provider, model, feature, input_tokens, output_tokens,
                             cache_read_tokens, cache_write_tokens, cost_usd FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_v6 RENAME TO ledger;
CREATE INDEX ledger_by_time ON ledger(at);
CREATE INDEX ledger_by_feature ON ledger(feature, at);
