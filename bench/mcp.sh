#!/usr/bin/env bash
# MCP footprint benchmark: daemon RSS with 0 and 1 stdio MCP servers (configured; started and called); see
# src/test/java/io/blufio/bench/McpBench.java. Usage: bench/mcp.sh [idle seconds, default 20].
exec "$(dirname "$0")/run.sh" McpBench "$@"
