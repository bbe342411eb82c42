-- blufio schema 11: approved MCP tools (issue 17). Times are epoch ms (UTC).
-- One row per tool the operator approved with `blufio mcp approve SERVER [TOOL...]`: the hash pins the tool's
-- name, description and input schema as seen then. A tool whose current hash differs is withheld from the
-- model until approved again.
CREATE TABLE mcp_approvals (
    server      TEXT    NOT NULL,
    tool        TEXT    NOT NULL,
    hash        TEXT    NOT NULL CHECK (length(hash) = 64),
    approved_at INTEGER NOT NULL,
    PRIMARY KEY (server, tool)
);
