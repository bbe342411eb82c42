package io.blufio.cli;

import io.blufio.Ticker;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run of blufio's class data cache ({@code bin/aot-train}, at build time): runs the CLI
 * commands people call often ({@code --help}, {@code status}, {@code config}, {@code api}, {@code device list};
 * not {@code doctor}, whose TLS and HTTP classes would make every other command's start-up slower: a JDK 25
 * AOT cache loads all the classes it holds when the JVM starts) once with no daemon and once against a {@code serve} started as a separate process (so
 * the daemon's classes stay out of the CLI's cache),
 * in the throw-away data dir given as the first argument; the second is the launcher that starts {@code serve}.
 * Output is discarded; no LLM, Telegram or network call leaves the machine (no keys are set).
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Map<String, String> env = Map.of("BLUFIO_DATA_DIR", data.toString(), "BLUFIO_GATEWAY__PORT", "0");
        String[][] alone = {{"--help"}, {"status"}, {"status", "--json"}, {"config", "path"}, {"config", "validate"},
            {"device", "list"}, {"api", "GET", "/v1/health"}, {"nosuchcommand"}};
        for (String[] a : alone) run(a, env);
        ProcessBuilder pb = new ProcessBuilder(args[1], "serve").redirectErrorStream(true)
                .redirectOutput(data.resolveSibling("serve.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("BLUFIO_CDS", "0");
        Process serve = pb.start();
        try {
            long deadline = Ticker.SYSTEM.nanoTime() + 60_000_000_000L;
            while (!Files.exists(data.resolve("daemon.json")) && serve.isAlive() && Ticker.SYSTEM.nanoTime() < deadline) Thread.sleep(50);
            String[][] withDaemon = {{"status"}, {"status", "--json"}, {"api", "GET", "/v1/health"}, {"memory", "list"},
                {"api", "GET", "/v1/sessions"}};
            for (String[] a : withDaemon) run(a, env);
        } finally {
            serve.destroy();
            serve.waitFor();
        }
        System.exit(0);  // the JVM writes the cache at exit
    }
    private static void run(String[] args, Map<String, String> env) {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
        try {
            Main.run(args, env, InputStream.nullInputStream(), sink, sink);
        } catch (RuntimeException e) {
            // a command that fails here (no daemon, no key) still loaded the classes it needs
        }
    }
}
