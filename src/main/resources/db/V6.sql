-- blufio schema 6: the outbox. Times are epoch milliseconds (UTC).

-- The reply of a finished turn for a channel with a delivery worker (Telegram), committed in the same
-- transaction as the turn's messages and its inbox row. A delivery worker claims a row by moving it from
-- 'pending' to 'sending' in one UPDATE (compare-and-set, with its lease), sends its parts, and marks it
-- 'delivered'; a reply that keeps failing ends 'failed' with the reason in last_error.
CREATE TABLE outbox (
    turn_id          INTEGER PRIMARY KEY REFERENCES inbox(id),   -- one reply per turn
    channel          TEXT    NOT NULL,
    session_key      TEXT    NOT NULL,          -- who gets it, e.g. 'telegram:42' (the chat id)
    kind             TEXT    NOT NULL CHECK (kind IN ('answer', 'error')),
    text             TEXT    NOT NULL,          -- the whole reply, before splitting
    state            TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,          -- a pending row is not claimed before this (retry backoff)
    lease_owner      TEXT,                      -- the worker that claimed it (random per run)
    lease_until      INTEGER,
    parts            INTEGER,                   -- n, once the reply was split into outbox_parts
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER,                   -- delivered or failed
    last_error       TEXT                       -- why the last attempt failed (redacted); the reason of 'failed'
);
CREATE INDEX outbox_by_channel_state ON outbox(channel, state, turn_id);

-- The parts of a reply (Telegram: messages of at most 4096 characters), written when the reply is first
-- claimed. A part's external_id (Telegram message_id) is recorded as soon as it was sent, so a retry or a
-- restart resumes at the first part without one instead of sending the earlier parts again.
CREATE TABLE outbox_parts (
    turn_id      INTEGER NOT NULL REFERENCES outbox(turn_id),
    part         INTEGER NOT NULL,              -- 1..n
    text         TEXT    NOT NULL,
    external_id  TEXT,
    sent_at      INTEGER,
    PRIMARY KEY (turn_id, part)
);

-- Replies that schema 5 had not marked sent (inbox.reply_sent = 0) move to the outbox once.
INSERT INTO outbox(turn_id, channel, session_key, kind, text, next_attempt_at, created_at)
SELECT id, channel, session_key,
       CASE state WHEN 'done' THEN 'answer' ELSE 'error' END,
       COALESCE(CASE WHEN json_valid(result) THEN json_extract(result, CASE state WHEN 'done' THEN '$.content' ELSE '$.message' END) END, ''),
       COALESCE(finished_at, received_at), COALESCE(finished_at, received_at)
FROM inbox
WHERE channel = 'telegram' AND state IN ('done', 'failed') AND reply_sent = 0 AND result IS NOT NULL;
