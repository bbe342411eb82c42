package io.blufio.config;

/**
 * {@code [metrics]}.
 *
 * @param enabled serve {@code GET /metrics}
 */
public record MetricsConfig(Boolean enabled) {
    public MetricsConfig {
        enabled = Check.or(enabled, Boolean.TRUE);
    }
}
