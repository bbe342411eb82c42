package io.blufio.config;

/**
 * {@code [gateway]}: the signed HTTP API.
 *
 * @param enabled serve the API at all
 * @param host address to bind; a non-loopback one needs {@code allow_remote = true}
 * @param port TCP port; 0 picks a free one (tests)
 * @param allowRemote permit a non-loopback {@code host}
 */
public record GatewayConfig(Boolean enabled, String host, Integer port, Boolean allowRemote) {
    public GatewayConfig {
        enabled = Check.or(enabled, Boolean.TRUE);
        host = Check.or(host, "127.0.0.1");
        port = Check.between("gateway.port", Check.or(port, 3000), 0, 65535);
        allowRemote = Check.or(allowRemote, Boolean.FALSE);
    }
}
