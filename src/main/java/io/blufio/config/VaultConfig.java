package io.blufio.config;

/**
 * {@code [vault]}: Argon2id parameters (RFC 9106) for wrapping the vault's master key.
 *
 * @param kdfMemoryKib memory cost in KiB
 * @param kdfIterations time cost (passes)
 * @param kdfParallelism lanes
 */
public record VaultConfig(Integer kdfMemoryKib, Integer kdfIterations, Integer kdfParallelism) {
    public VaultConfig {
        kdfMemoryKib = Check.atLeast("vault.kdf_memory_kib", Check.or(kdfMemoryKib, 65536), 8192);
        kdfIterations = Check.atLeast("vault.kdf_iterations", Check.or(kdfIterations, 3), 1);
        kdfParallelism = Check.between("vault.kdf_parallelism", Check.or(kdfParallelism, 1), 1, 16);
    }
}
