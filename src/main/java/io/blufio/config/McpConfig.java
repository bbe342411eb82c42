package io.blufio.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code [mcp]}: MCP servers whose tools the model may use (SPEC section 14).
 *
 * @param servers the {@code [[mcp.servers]]} tables, in file order; empty when none (then no MCP code is loaded)
 */
public record McpConfig(List<McpServerConfig> servers) {
    public McpConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
        Set<String> names = new HashSet<>();
        for (McpServerConfig s : servers) {
            if (!names.add(s.name())) {
                throw new ConfigException("mcp.servers.name", "names two servers \"" + s.name() + "\"; give each [[mcp.servers]] its own name");
            }
        }
    }

    /** Returns the server named {@code name}, or null. */
    public McpServerConfig server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
