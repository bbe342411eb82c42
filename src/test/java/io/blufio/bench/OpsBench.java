package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator-command wall times, the figures the test suite must not assert (a loaded machine makes them
 * vary): {@code status --json} against a running daemon, {@code doctor} with a working LLM, with a hanging
 * LLM (each check cut off by its own limit), and with a vault unlocked by {@code BLUFIO_VAULT_KEY}. Every
 * command runs through the distribution launcher (real JVM flags). Usage: bench/ops.sh [runs, default 5].
 */
public final class OpsBench {
    private static Path launcher;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        launcher = Path.of(System.getProperty("blufio.launcher"));
        Path tmp = Files.createTempDirectory("blufio-ops");
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            Map<String, String> env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                    "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_DATA_DIR", tmp.resolve("data").toString()));
            try (BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                d.turn("bench", "hello");
                time("status --json (daemon running)", runs, env, "status", "--json");
                time("doctor (working LLM)", runs, env, "doctor");
                llm.hang(true);
                time("doctor (hanging LLM; limit 1.5 s a check)", runs, env, "doctor");
                llm.hang(false);
            }
            Map<String, String> vaultEnv = new HashMap<>(env);
            vaultEnv.put("BLUFIO_DATA_DIR", tmp.resolve("vault").toString());
            vaultEnv.put("BLUFIO_VAULT_KEY", "bench passphrase 1");
            vaultEnv.remove("ANTHROPIC_API_KEY");
            run(vaultEnv, FakeAnthropicServer.API_KEY + "\n", "config", "set-secret", "anthropic.api_key");
            time("doctor (key in the vault, BLUFIO_VAULT_KEY set)", runs, vaultEnv, "doctor");
        }
    }

    private static void time(String what, int runs, Map<String, String> env, String... args) throws Exception {
        List<Long> ms = new ArrayList<>();
        int code = -1;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            code = run(env, "", args);
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        ms.sort(null);
        System.out.printf("%-50s median %5d ms, min %5d ms, max %5d ms (exit %d, %d runs)%n", what, ms.get(ms.size() / 2), ms.get(0),
                ms.get(ms.size() - 1), code, runs);
    }

    private static int run(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_") || k.endsWith("_API_KEY"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return p.waitFor();
    }
}
