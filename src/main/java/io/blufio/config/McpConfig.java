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

    /** A reference to a vault entry inside an {@code env} or {@code headers} value: {@code ${vault:NAME}}. */
    public static final java.util.regex.Pattern VAULT_REF = java.util.regex.Pattern.compile("\\$\\{vault:([A-Za-z0-9_.-]+)}");

    /** Returns the names of the vault entries that {@code env} and {@code headers} values refer to. */
    public Set<String> vaultRefs() {
        Set<String> out = new java.util.TreeSet<>();
        for (McpServerConfig s : servers) {
            for (var m : List.of(s.env(), s.headers())) {
                for (String v : m.values()) {
                    var matcher = VAULT_REF.matcher(v);
                    while (matcher.find()) out.add(matcher.group(1));
                }
            }
        }
        return out;
    }

    /**
     * Returns this config with every {@code ${vault:NAME}} that {@code entries} holds replaced by its value (in memory
     * only); references to missing entries stay, and the server that has one fails to start saying which.
     */
    public McpConfig withSecrets(java.util.Map<String, String> entries) {
        if (entries.isEmpty() || vaultRefs().isEmpty()) return this;
        List<McpServerConfig> out = new java.util.ArrayList<>();
        for (McpServerConfig s : servers) {
            out.add(new McpServerConfig(s.name(), s.command(), s.args(), s.url(), substitute(s.env(), entries), substitute(s.headers(), entries),
                    s.enabledTools(), s.timeoutS(), s.maxOutputBytes()));
        }
        return new McpConfig(out);
    }

    private static java.util.Map<String, String> substitute(java.util.Map<String, String> values, java.util.Map<String, String> entries) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        values.forEach((k, v) -> {
            var m = VAULT_REF.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String secret = entries.get(m.group(1));
                m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(secret == null ? m.group() : secret));
            }
            m.appendTail(sb);
            out.put(k, sb.toString());
        });
        return out;
    }

    /** Returns the server named {@code name}, or null. */
    public McpServerConfig server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
