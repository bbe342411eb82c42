package io.blufio.config;

/**
 * {@code [vault]}: Argon2id parameters (RFC 9106) for wrapping the vault's master key.
 *
 * @param kdfMemoryKib memory cost in KiB, 8192 to {@link #MAX_MEMORY_KIB}
 * @param kdfIterations time cost (passes)
 * @param kdfParallelism lanes
 */
public record VaultConfig(Integer kdfMemoryKib, Integer kdfIterations, Integer kdfParallelism) {
    /** Largest {@code kdf_memory_kib} (1 GiB); the key derivation needs that much free RAM while it runs. */
    public static final int MAX_MEMORY_KIB = 1 << 20;

    public VaultConfig {
        kdfMemoryKib = Check.between("vault.kdf_memory_kib", Check.or(kdfMemoryKib, 65536), 8192, MAX_MEMORY_KIB);
        kdfIterations = Check.atLeast("vault.kdf_iterations", Check.or(kdfIterations, 3), 1);
        kdfParallelism = Check.between("vault.kdf_parallelism", Check.or(kdfParallelism, 1), 1, 16);
    }
}
