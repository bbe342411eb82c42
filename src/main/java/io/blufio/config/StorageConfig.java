package io.blufio.config;

/**
 * {@code [storage]}.
 *
 * @param dataDir data directory; null means {@code $XDG_DATA_HOME/blufio}
 */
public record StorageConfig(String dataDir) {}
