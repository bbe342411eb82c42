package io.blufio.vault;

import io.blufio.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Argon2id in a short-lived child JVM when this JVM's heap cap cannot hold the KDF's working memory
 * (the daemon runs with {@code -Xmx64m}; Argon2id with the default 64 MiB needs more). The daemon's heap,
 * and so its RSS, never grows for the unlock. Parameters and the passphrase go to the child's stdin, the
 * key comes back on its stdout: nothing secret is on a command line or in the environment. The child's
 * environment is emptied but for {@link #CHILD_ENVIRONMENT} ({@code PATH}, {@code JAVA_HOME}): it never
 * inherits {@code BLUFIO_VAULT_KEY}, API keys or the bot token from the daemon.
 *
 * <p>Protocol, one line each: memory KiB, iterations, parallelism, salt (base64), passphrase (base64 of
 * UTF-8); answer: key (base64).
 */
public final class KdfProcess {
    /** Longest time the child may take (the KDF itself takes under a second on a small VPS). */
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Heap the child gets beyond the KDF's working memory, in MiB. */
    static final int HEAP_HEADROOM_MB = 32;

    /** The only variables of the daemon's environment the child gets. */
    static final java.util.Set<String> CHILD_ENVIRONMENT = java.util.Set.of("PATH", "JAVA_HOME");

    private KdfProcess() {}

    /** Returns a builder of {@code cmd} whose environment holds only the {@link #CHILD_ENVIRONMENT} entries of {@code parentEnv}. */
    static ProcessBuilder builder(List<String> cmd, java.util.Map<String, String> parentEnv) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        for (String name : CHILD_ENVIRONMENT) {
            String v = parentEnv.get(name);
            if (v != null) pb.environment().put(name, v);
        }
        return pb;
    }

    /** Returns true when this JVM's heap cap cannot hold {@code memoryKib} KiB of KDF memory beside what it uses. */
    static boolean needed(int memoryKib) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return rt.maxMemory() - used < memoryKib * 1024L + HEAP_HEADROOM_MB * 1024L * 1024L;
    }

    /** Derives the key in a child JVM; see the class comment. */
    static byte[] derive(char[] passphrase, byte[] salt, KdfParams params) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int heapMb = params.memoryKib() / 1024 + HEAP_HEADROOM_MB;
        List<String> cmd = List.of(java, "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), KdfProcess.class.getName());
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] secret = new byte[encoded.remaining()];
        encoded.get(secret);
        if (encoded.hasArray()) Arrays.fill(encoded.array(), (byte) 0);
        byte[] line = null;
        try {
            Process p = builder(cmd, System.getenv()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String header = params.memoryKib() + "\n" + params.iterations() + "\n" + params.parallelism() + "\n"
                    + Base64.getEncoder().encodeToString(salt) + "\n";
            line = Base64.getEncoder().encode(secret);
            try (OutputStream in = p.getOutputStream()) {
                in.write(header.getBytes(StandardCharsets.US_ASCII));
                in.write(line);
                in.write('\n');
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VaultException(ErrorCode.VAULT_KDF, "the key derivation took longer than " + TIMEOUT.toSeconds() + " s; lower vault.kdf_iterations");
            }
            if (p.exitValue() != 0) {
                throw new VaultException(ErrorCode.VAULT_KDF, "the key derivation process failed (exit " + p.exitValue()
                        + "); is there memory for vault.kdf_memory_kib = " + params.memoryKib() + " KiB?");
            }
            return Base64.getDecoder().decode(new String(out, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new VaultException(ErrorCode.VAULT_KDF, "cannot run the key derivation process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(ErrorCode.VAULT_KDF, "interrupted while deriving the vault key");
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (line != null) Arrays.fill(line, (byte) 0);
        }
    }

    /** The child: reads the request from stdin, writes the base64 key to stdout. */
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        KdfParams params = new KdfParams(Integer.parseInt(in.readLine().trim()), Integer.parseInt(in.readLine().trim()),
                Integer.parseInt(in.readLine().trim()));
        byte[] salt = Base64.getDecoder().decode(in.readLine().trim());
        byte[] secret = Base64.getDecoder().decode(in.readLine().trim());
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(secret));
        char[] passphrase = new char[decoded.remaining()];
        decoded.get(passphrase);
        if (decoded.hasArray()) Arrays.fill(decoded.array(), '\0');  // the decoder's array may be longer than the text
        byte[] key = Argon2.deriveHere(passphrase, salt, params);
        System.out.println(Base64.getEncoder().encodeToString(key));
        System.out.flush();
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(passphrase, '\0');
        Arrays.fill(key, (byte) 0);
    }
}
