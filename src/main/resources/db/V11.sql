-- blufio schema 11: pictures and voice notes from Telegram (issue 18). Times are epoch ms (UTC).

-- Media stored once, keyed by the SHA-256 of its bytes (hex): a photo sent twice is one row. Messages refer
-- to a row by that key from their content blocks ({"type":"image","media":"<sha256>",...}); backups carry
-- the rows because they live in the database. kind says what it is; mime was read from the bytes (magic
-- numbers), never from a file name. width and height (pixels) are known for images only.
CREATE TABLE media (
    sha256      TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('image', 'voice')),
    mime        TEXT    NOT NULL,
    bytes       INTEGER NOT NULL,
    width       INTEGER,
    height      INTEGER,
    data        BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The media an inbox row brought, in order; written in the same transaction as the row itself, so an
-- accepted message never lacks its pictures.
CREATE TABLE inbox_media (
    inbox_id    INTEGER NOT NULL REFERENCES inbox(id),
    position    INTEGER NOT NULL,
    sha256      TEXT    NOT NULL REFERENCES media(sha256),
    PRIMARY KEY (inbox_id, position)
);
