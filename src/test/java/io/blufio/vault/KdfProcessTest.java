package io.blufio.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class KdfProcessTest {
    @Test
    void derive_inAChildJvm_givesTheSameKeyAsInProcess() {
        KdfParams params = new KdfParams(8192, 1, 1);
        byte[] salt = new byte[16];
        for (int i = 0; i < salt.length; i++) salt[i] = (byte) i;
        char[] passphrase = "correct horse battery staple – ü".toCharArray();
        byte[] here = Argon2.deriveHere(passphrase.clone(), salt, params);
        byte[] child = KdfProcess.derive(passphrase.clone(), salt, params);
        assertThat(child).hasSize(Argon2.KEY_BYTES).isEqualTo(here);
    }

    @Test
    void needed_whenTheHeapCannotHoldTheWorkingMemory() {
        assertThat(KdfProcess.needed(8192)).isFalse();  // the test JVM has a large heap
        int overTheHeap = (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 1024 + 1);
        assertThat(KdfProcess.needed(overTheHeap)).isTrue();
    }
}
