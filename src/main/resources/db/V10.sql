-- blufio schema 10: model routing in the ledger, memory that learns by itself (issue 16). Times are epoch ms (UTC).
-- SQLite cannot change a CHECK constraint in place, so the memories table is rebuilt: new table, copy, drop, rename.

-- The ledger: the model routing chose before a budget downgrade (intended_model) beside the model actually
-- used (model); null without routing. (The feature names of SPEC section 12 came with schema 7.)
ALTER TABLE ledger ADD COLUMN intended_model TEXT;

-- Memories: source says how a fact came (explicit: memory add or the memory_save tool; extracted: found
-- by the model in a conversation); origin says who (cli, tool, session:<key>). A contradicted fact is
-- kept as superseded, pointing at the fact that replaced it; a forgotten one stays as a tombstone (not
-- searched, not sent to the model) so that extraction does not learn it again; 'memory forget --purge'
-- deletes the row. The FTS5 index memories_fts keeps its rows: ids and texts do not change.
DROP TRIGGER memories_ai;
DROP TRIGGER memories_ad;
DROP TRIGGER memories_au;
CREATE TABLE memories_v6 (
    id             INTEGER PRIMARY KEY,
    text           TEXT    NOT NULL,
    embedding      BLOB    NOT NULL CHECK (length(embedding) = 1536),
    source         TEXT    NOT NULL DEFAULT 'explicit' CHECK (source IN ('explicit', 'extracted')),
    origin         TEXT    NOT NULL,       -- 'cli', 'tool', 'session:<session key>', ...
    category       TEXT,                   -- extracted facts: the model's category (preference, person, place, ...)
    status         TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'forgotten')),
    superseded_by  INTEGER,                -- the memory that replaced this one (status superseded)
    session_id     INTEGER,                -- extracted facts: the session they came from
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
INSERT INTO memories_v6(id, text, embedding, source, origin, status, created_at, updated_at)
    SELECT id, text, embedding, 'explicit', source, CASE status WHEN 'active' THEN 'active' ELSE 'forgotten' END,
           created_at, created_at FROM memories;
DROP TABLE memories;
ALTER TABLE memories_v6 RENAME TO memories;
CREATE INDEX memories_by_status ON memories(status, id);

CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER memories_au AFTER UPDATE OF text ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO memories_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Fact extraction's high-water mark per session: messages up to and including upto_message_id have been
-- read by an extraction call and are never sent to one again.
CREATE TABLE memory_extraction (
    session_id       INTEGER PRIMARY KEY REFERENCES sessions(id),
    upto_message_id  INTEGER NOT NULL,
    runs             INTEGER NOT NULL DEFAULT 0,   -- extraction calls made for this session
    updated_at       INTEGER NOT NULL
);
