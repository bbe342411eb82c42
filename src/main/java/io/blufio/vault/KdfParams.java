package io.blufio.vault;

import io.blufio.config.VaultConfig;

/**
 * Argon2id cost parameters (RFC 9106 section 3.1). Taken from {@code [vault]} when a vault is created or its
 * passphrase changed, then stored beside the wrapped key, so a later change of the defaults still unlocks
 * old vaults. RFC 9106 section 4 recommends 2 GiB and 1 pass, or 64 MiB and 3 passes where memory is
 * scarce; blufio defaults to the latter ({@code kdf_memory_kib = 65536}, {@code kdf_iterations = 3},
 * {@code kdf_parallelism = 1}).
 *
 * @param memoryKib memory cost m in KiB (at least 8 * parallelism; the config asks at least 8192)
 * @param iterations passes t over the memory (at least 1)
 * @param parallelism lanes p (1 to 16; blufio derives on one thread)
 */
public record KdfParams(int memoryKib, int iterations, int parallelism) {
    /** Most memory a stored row may ask for, in KiB (4 GiB): a larger value means a damaged row. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    /** Returns the parameters of {@code [vault]}. */
    public static KdfParams of(VaultConfig cfg) {
        return new KdfParams(cfg.kdfMemoryKib(), cfg.kdfIterations(), cfg.kdfParallelism());
    }

    /** Returns true when a stored row's values are ones blufio could have written. */
    boolean plausible() {
        return parallelism >= 1 && parallelism <= 16 && memoryKib >= 8 * parallelism && memoryKib <= MAX_MEMORY_KIB
                && iterations >= 1 && iterations <= 100;
    }

    @Override
    public String toString() {
        return "argon2id m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism;
    }
}
