-- blufio schema 6: ledger rows whose token counts blufio estimated because the server reported no usage
-- (1 token per 3 UTF-8 bytes of request and answer, see README "What a model server can answer").
ALTER TABLE ledger ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1));
