package io.blufio.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A configuration as loaded, with where it came from.
 *
 * @param config the validated configuration
 * @param file the TOML file read, empty when none existed (defaults)
 * @param dataDir the resolved data directory (absolute)
 */
public record LoadedConfig(BlufioConfig config, Optional<Path> file, Path dataDir) {}
