package io.blufio.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code [[mcp.servers]]} table: an MCP server whose tools the model may call as {@code NAME__TOOL}
 * (SPEC section 14). Exactly one of {@code command} (a child process speaking MCP over stdio) and {@code url}
 * (an MCP Streamable HTTP endpoint) is set.
 *
 * @param name short name, {@code [a-z0-9][a-z0-9-]*} up to {@link #MAX_NAME_CHARS} characters, unique; the prefix
 *     of the tool names the model sees
 * @param command program to start (looked up on {@code PATH}); null for an HTTP server
 * @param args its arguments
 * @param url {@code http(s)://} endpoint of a Streamable HTTP server; null for a stdio server
 * @param env extra environment of the child process; a value may be or contain {@code ${vault:NAME}}, replaced
 *     by that vault entry when the server starts (the daemon's own environment is not passed on)
 * @param headers HTTP headers sent to a {@code url} server, values as for {@code env}
 * @param enabledTools allow-list of the server's tool names (without the prefix); null means every tool that
 *     was approved with {@code blufio mcp approve}. A tool is offered only when it is listed here (or no list is
 *     given) and approved with its current hash
 * @param timeoutS whole seconds one MCP request (start-up, tools/list, one tool call) may take; default 30
 * @param maxOutputBytes largest tool result passed to the model, UTF-8 bytes; longer results are cut with a
 *     note; default 65536
 */
public record McpServerConfig(String name, String command, List<String> args, String url, Map<String, String> env,
        Map<String, String> headers, List<String> enabledTools, Integer timeoutS, Integer maxOutputBytes) {
    /** Longest server name: with {@code __} and a tool name the whole stays within the 64 characters providers allow. */
    public static final int MAX_NAME_CHARS = 20;

    public McpServerConfig {
        String key = "mcp.servers.name";
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0," + (MAX_NAME_CHARS - 1) + "}")) {
            throw new ConfigException(key, "must be a short name of lower-case letters, digits and '-' (at most "
                    + MAX_NAME_CHARS + " characters), got " + (name == null ? "nothing" : "\"" + name + "\""));
        }
        boolean hasCommand = command != null && !command.isBlank();
        boolean hasUrl = url != null && !url.isBlank();
        if (hasCommand == hasUrl) {
            throw new ConfigException(hasCommand ? "mcp.servers.url" : "mcp.servers.command", "server \"" + name
                    + "\": set exactly one of command (a stdio server) and url (a Streamable HTTP server)");
        }
        if (hasUrl) Check.httpUrl("mcp.servers.url", url);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
        enabledTools = enabledTools == null ? null : List.copyOf(enabledTools);
        timeoutS = Check.between("mcp.servers.timeout_s", Check.or(timeoutS, 30), 1, 3600);
        maxOutputBytes = Check.between("mcp.servers.max_output_bytes", Check.or(maxOutputBytes, 65536), 1024, 16 << 20);
    }

    /** Returns true for a child process speaking stdio, false for a Streamable HTTP server. */
    public boolean stdio() {
        return command != null && !command.isBlank();
    }

    /** Returns the request timeout. */
    public java.time.Duration timeout() {
        return java.time.Duration.ofSeconds(timeoutS);
    }

    /** Shows names only: {@code env} and {@code headers} values may be secrets. */
    @Override
    public String toString() {
        return "McpServerConfig[name=" + name + ", command=" + command + ", args=" + args + ", url=" + url + ", env="
                + env.keySet() + ", headers=" + headers.keySet() + ", enabledTools=" + enabledTools + ", timeoutS=" + timeoutS
                + ", maxOutputBytes=" + maxOutputBytes + "]";
    }
}
