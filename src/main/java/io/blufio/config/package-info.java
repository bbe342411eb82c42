/**
 * Configuration: the TOML model as records ({@link io.blufio.config.BlufioConfig}), the loader with
 * line/column errors, {@code BLUFIO_*} environment overrides, the key catalog and validation. Owns what a
 * key means and its bounds, not what the key drives. Imports nothing of ours but the root package; only the
 * packages DESIGN.md lists for it read it ({@code channel} and {@code auth} get plain values from the assembly).
 */
package io.blufio.config;
