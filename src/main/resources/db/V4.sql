-- blufio schema 4: long-term memory and compaction summaries. Times are epoch milliseconds (UTC).

-- Facts the agent remembers. embedding: 384 float32 values, little-endian (1536 bytes), L2-normalised,
-- from all-MiniLM-L6-v2 (quantized); cosine similarity is then a plain dot product.
CREATE TABLE memories (
    id          INTEGER PRIMARY KEY,
    text        TEXT    NOT NULL,
    embedding   BLOB    NOT NULL CHECK (length(embedding) = 1536),
    source      TEXT    NOT NULL,          -- 'cli', 'tool:<session key>', ...
    created_at  INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived'))
);
CREATE INDEX memories_by_status ON memories(status, id);

-- Full-text index over memories.text (external content, kept in step by the triggers below), for BM25
-- ranking (https://www.sqlite.org/fts5.html). Porter stemming so 'lives' matches 'live'.
CREATE VIRTUAL TABLE memories_fts USING fts5(
    text,
    content = 'memories',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

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

-- One row per compaction of a session's history: the model's summary of everything up to and including
-- message upto_message_id (the previous summary folded in). Those messages are marked compacted = 1 in
-- the same transaction; the newest row of a session replaces them in later prompts.
CREATE TABLE summaries (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES sessions(id),
    upto_message_id  INTEGER NOT NULL,
    messages         INTEGER NOT NULL,     -- messages this compaction covered (not counting earlier ones)
    text             TEXT    NOT NULL,
    model            TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX summaries_by_session ON summaries(session_id, id);
