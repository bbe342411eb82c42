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
    void child_getsOnlyPathAndJavaHome_neverTheVaultKeyOrApiKeys() throws Exception {
        java.util.Map<String, String> parent = new java.util.HashMap<>(System.getenv());
        parent.put("BLUFIO_VAULT_KEY", "the passphrase");
        parent.put("ANTHROPIC_API_KEY", "sk-ant-secret");
        parent.put("JAVA_HOME", System.getProperty("java.home"));
        parent.putIfAbsent("PATH", "/usr/bin:/bin");
        Process p = KdfProcess.builder(java.util.List.of("/usr/bin/env"), parent).start();  // a real child prints what it got
        String env = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();

        assertThat(env.lines().map(l -> l.substring(0, l.indexOf('=')))).containsExactlyInAnyOrder("PATH", "JAVA_HOME");
        assertThat(env).doesNotContain("the passphrase").doesNotContain("sk-ant-secret");
    }

    @Test
    void needed_whenTheHeapCannotHoldTheWorkingMemory() {
        assertThat(KdfProcess.needed(8192)).isFalse();  // the test JVM has a large heap
        int overTheHeap = (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 1024 + 1);
        assertThat(KdfProcess.needed(overTheHeap)).isTrue();
    }
}
