-- blufio schema 3: the Telegram channel. Times are epoch milliseconds (UTC).

-- Small per-channel state, e.g. ('telegram', 'offset', '<next update id>'): the Bot API getUpdates offset
-- is written only after the updates before it were committed to the inbox (or deliberately ignored).
CREATE TABLE channel_state (
    channel     TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, key)
);

-- Telegram users approved with 'blufio telegram approve CODE' (besides telegram.allowed_users).
CREATE TABLE telegram_users (
    user_id      INTEGER PRIMARY KEY,      -- Telegram user id (in a private chat also the chat id)
    username     TEXT,                     -- without '@', as seen when paired; may change later
    approved_at  INTEGER NOT NULL
);

-- Pairing codes handed to strangers in their one refusal; at most one open code per user. A new
-- refusal (and code) is given at most once an hour per user: created_at is the rate limit.
CREATE TABLE telegram_pairing (
    code         TEXT    PRIMARY KEY,      -- 8 characters of an unambiguous alphabet, upper case
    user_id      INTEGER NOT NULL,
    username     TEXT,
    display_name TEXT,
    created_at   INTEGER NOT NULL,
    approved_at  INTEGER
);
CREATE INDEX telegram_pairing_by_user ON telegram_pairing(user_id, created_at);
