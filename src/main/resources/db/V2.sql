-- blufio schema 2: the secrets vault. Times are epoch milliseconds (UTC).
-- One master key (256 random bits) wrapped with AES-256-GCM under a key derived by Argon2id (RFC 9106)
-- from the operator's passphrase; the KDF parameters sit beside it so a later change of the defaults
-- still unlocks old vaults. Entries are AES-256-GCM (NIST SP 800-38D) under the master key, with the
-- entry name as associated data, so a row copied under another name fails to decrypt.

CREATE TABLE vault_master (
    id              INTEGER PRIMARY KEY CHECK (id = 1),   -- at most one vault per database
    format          INTEGER NOT NULL,                      -- layout version of this row (1)
    kdf             TEXT    NOT NULL,                      -- 'argon2id'
    kdf_memory_kib  INTEGER NOT NULL,
    kdf_iterations  INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    salt            BLOB    NOT NULL,                      -- 16 random bytes
    nonce           BLOB    NOT NULL,                      -- 12 random bytes, fresh on every wrap
    wrapped_key     BLOB    NOT NULL,                      -- 32-byte key + 16-byte GCM tag
    key_check       BLOB    NOT NULL,                      -- HMAC-SHA256(derived key, label): tells a wrong passphrase from a damaged row
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE vault_entries (
    name        TEXT    PRIMARY KEY,                       -- e.g. 'anthropic.api_key'; the GCM associated data
    name_tag    BLOB    NOT NULL,                          -- HMAC-SHA256 of the name under a key from the master key: tells a renamed row from a damaged one
    nonce       BLOB    NOT NULL,                          -- 12 random bytes, fresh on every write
    ciphertext  BLOB    NOT NULL,                          -- UTF-8 value + 16-byte GCM tag
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
