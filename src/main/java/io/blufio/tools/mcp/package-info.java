/**
 * Tools of MCP servers (Model Context Protocol, https://modelcontextprotocol.io/specification/2025-06-18):
 * the client side, on the official MCP Java SDK. Owns the servers' lifecycle (lazy start, restart with back-off,
 * idle stop, no orphan process), the approval pins, and the bounds of every call (time, output). Only
 * {@link io.blufio.tools.mcp.McpLink} touches SDK types, so nothing of the SDK is loaded until a server starts.
 * Must not import {@code agent}, {@code channel}, {@code cli}, {@code store}.
 */
package io.blufio.tools.mcp;
