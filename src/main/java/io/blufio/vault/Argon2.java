package io.blufio.vault;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13) by Bouncy Castle: turns the passphrase into the 256-bit key that wraps
 * the master key. The passphrase is encoded as UTF-8 by Bouncy Castle; the caller owns and zeroes both the
 * passphrase array and the returned key. Takes about {@code memoryKib} KiB of heap while it runs.
 */
final class Argon2 {
    /** Length of the derived key, in bytes (AES-256). */
    static final int KEY_BYTES = 32;
    /** Length of a fresh salt, in bytes (RFC 9106 section 3.1 recommends 16). */
    static final int SALT_BYTES = 16;

    private Argon2() {}

    /**
     * Returns the {@link #KEY_BYTES}-byte key derived from {@code passphrase} and {@code salt}: here when the
     * heap has room for the working memory, else in a child JVM ({@link KdfProcess}) so the daemon's heap
     * (-Xmx64m) and RSS stay small.
     */
    static byte[] derive(char[] passphrase, byte[] salt, KdfParams params) {
        return KdfProcess.needed(params.memoryKib()) ? KdfProcess.derive(passphrase, salt, params) : deriveHere(passphrase, salt, params);
    }

    /** Derives the key in this JVM; needs about {@code memoryKib} KiB of free heap. */
    static byte[] deriveHere(char[] passphrase, byte[] salt, KdfParams params) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKib())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(p);
        byte[] key = new byte[KEY_BYTES];
        generator.generateBytes(passphrase, key);
        p.clear();  // Bouncy Castle keeps a copy of the salt and secret in the parameters
        generator = null;
        // The generator's working memory (memoryKib KiB of heap) is garbage now: collect it at once so the
        // heap shrinks back (-XX:MaxHeapFreeRatio) and RSS does not linger above daemon.memory_warn_mb.
        System.gc();
        return key;
    }

    /** Overwrites {@code secrets} with zeros; null arrays are skipped. */
    static void zero(byte[]... secrets) {
        for (byte[] s : secrets) {
            if (s != null) Arrays.fill(s, (byte) 0);
        }
    }
}
