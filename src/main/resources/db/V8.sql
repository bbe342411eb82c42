-- blufio schema 6: replay protection that survives restarts; the device that owns an API session.

-- Nonces of verified signed requests (SPEC section 6), kept until expires_at (epoch ms): a captured
-- request replayed after a restart is still refused. Expired rows are pruned on every insert.
CREATE TABLE nonces (
    key_id     TEXT    NOT NULL,
    nonce      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (key_id, nonce)
) WITHOUT ROWID;
CREATE INDEX nonces_by_expiry ON nonces(expires_at);

-- The device whose request created an api: session; only it (and the local cli device) may read or
-- continue the session. Existing api: sessions get the sender of their first message.
ALTER TABLE sessions ADD COLUMN owner TEXT;
UPDATE sessions SET owner = (SELECT sender FROM inbox WHERE inbox.session_key = sessions.key ORDER BY inbox.id LIMIT 1)
    WHERE channel = 'api';
