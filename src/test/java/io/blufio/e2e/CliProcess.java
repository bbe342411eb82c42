package io.blufio.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code blufio} command run as its own JVM from the test class path, with the given environment
 * (nothing of the test's own {@code BLUFIO_*} or key variables leaks in) and standard input; no terminal.
 */
final class CliProcess {
    /** Longest a command may run, in seconds, before the test fails. */
    static final int TIMEOUT_S = 90;

    /** What the command printed, stdout and stderr kept apart, and how it exited. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private CliProcess() {}

    /** Runs {@code blufio args...} with {@code env}, writing {@code stdin} (may be empty) to it, in {@code dir}. */
    static Result run(Path dir, Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DaemonProcess.javaBin(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_") || k.endsWith("_API_KEY") || k.equals("TELEGRAM_BOT_TOKEN"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("blufio " + String.join(" ", args) + " did not finish in " + TIMEOUT_S + " s:\n" + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
