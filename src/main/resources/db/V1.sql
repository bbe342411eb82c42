-- blufio schema 1: sessions, messages, the inbox, devices.
-- Times are epoch milliseconds (UTC).

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,   -- '<channel>:<name>', e.g. 'api:cli', 'cli:local', 'telegram:42'
    channel     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id),
    turn_id     INTEGER NOT NULL,          -- the inbox row that started the turn
    role        TEXT    NOT NULL CHECK (role IN ('user', 'assistant')),
    content     TEXT    NOT NULL,          -- JSON array of content blocks (text, tool_use, tool_result)
    model       TEXT,
    created_at  INTEGER NOT NULL,
    compacted   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_by_session ON messages(session_id, id);

CREATE TABLE inbox (
    id            INTEGER PRIMARY KEY,
    channel       TEXT    NOT NULL,
    external_id   TEXT,                    -- e.g. the Telegram update id; duplicates are dropped
    session_key   TEXT    NOT NULL,
    sender        TEXT,
    content       TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'leased', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    lease_until   INTEGER,
    received_at   INTEGER NOT NULL,
    finished_at   INTEGER,
    result        TEXT,                    -- JSON of the finished turn (reply, usage, ids) or the error
    reply_sent    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_by_state ON inbox(state, id);

CREATE TABLE devices (
    name        TEXT    PRIMARY KEY,
    public_key  BLOB    NOT NULL,          -- raw 32-byte Ed25519 public key (RFC 8032)
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX inbox_undelivered ON inbox(reply_sent, state, channel);
