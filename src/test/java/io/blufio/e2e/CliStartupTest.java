package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: each CLI command loads only what it uses, read from the JVM's own class loading log
 * ({@code -Xlog:class+load}) of a real {@code blufio} process: {@code --version} nothing but blufio's own
 * classes, {@code --help} the argument parser and no library beyond it, {@code status} and {@code api} neither
 * the LLM adapters, nor ONNX Runtime, nor the JDK's HTTP client and TLS stack.
 */
final class CliStartupTest {
    @TempDir Path tmp;
    /** Standard output and error of the last {@link #loadedClasses} run. */
    private String lastOutput;

    /** Runs {@code blufio args} in a JVM of its own; returns the names of the classes it loaded. */
    private List<String> loadedClasses(Map<String, String> env, int expectedExit, String... args) throws Exception {
        Path log = tmp.resolve("classes-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(DaemonProcess.javaBin(), "-Xlog:class+load:file=" + log, "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_") || k.endsWith("_API_KEY"));
        pb.environment().putAll(env);
        pb.environment().put("HOME", tmp.toString());
        pb.directory(tmp.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        lastOutput = out;
        return Files.readAllLines(log).stream().map(CliStartupTest::className).filter(c -> !c.isEmpty()).toList();
    }

    private static String className(String logLine) {
        int start = logLine.indexOf("] ", logLine.indexOf("class,load")) + 2;
        int end = logLine.indexOf(' ', start);
        return start < 2 || end < 0 ? "" : logLine.substring(start, end);
    }

    private static List<String> from(List<String> classes, String... prefixes) {
        return classes.stream().filter(c -> List.of(prefixes).stream().anyMatch(c::startsWith)).toList();
    }

    @Test
    void version_loadsNoLibraryAtAll() throws Exception {
        List<String> classes = loadedClasses(Map.of(), 0, "--version");
        assertThat(from(classes, "picocli.", "com.fasterxml.", "ch.qos.logback.", "org.slf4j.", "dev.langchain4j.", "ai.onnxruntime.",
                "org.sqlite.", "io.micrometer.")).isEmpty();
        assertThat(from(classes, "io.blufio.")).isNotEmpty();
    }

    @Test
    void shortCommands_halt_withTheirOutputFlushed_theirExitCodeKept_andNoLoggerFinderLookup() throws Exception {
        // Runtime.exit would look up a System.LoggerFinder (a scan of every jar) to log the exit: short commands halt
        List<String> classes = loadedClasses(Map.of(), 0, "--version");
        assertThat(lastOutput).startsWith("blufio ");
        assertThat(classes).doesNotContain("jdk.internal.logger.BootstrapLogger$DetectBackend");
        classes = loadedClasses(Map.of("BLUFIO_DATA_DIR", tmp.resolve("data").toString()), 0, "--help");
        assertThat(lastOutput).contains("Usage: blufio").contains("Exit codes:");
        assertThat(classes).doesNotContain("jdk.internal.logger.BootstrapLogger$DetectBackend");
        // reading the configuration does not create the default time zone (java.time's provider lookup, another scan)
        classes = loadedClasses(Map.of("BLUFIO_DATA_DIR", tmp.resolve("data").toString()), 0, "config", "get", "agent.timezone");
        assertThat(lastOutput.strip()).isEqualTo(java.time.ZoneId.systemDefault().getId());
        assertThat(classes).doesNotContain("java.time.zone.ZoneRulesProvider");
        // a failing command's code and message survive the halt
        loadedClasses(Map.of("BLUFIO_DATA_DIR", tmp.resolve("data").toString()), 2, "api", "--timeout", "0", "GET", "/v1/health");
        assertThat(lastOutput).contains("--timeout");
    }

    @Test
    void help_loadsTheArgumentParserOnly() throws Exception {
        List<String> classes = loadedClasses(Map.of("BLUFIO_DATA_DIR", tmp.resolve("data").toString()), 0, "--help");
        assertThat(from(classes, "picocli.")).isNotEmpty();
        assertThat(from(classes, "com.fasterxml.", "ch.qos.logback.", "dev.langchain4j.", "ai.onnxruntime.", "org.sqlite.",
                "io.micrometer.", "java.net.http.")).isEmpty();
    }

    @Test
    void statusAndApi_againstARunningDaemon_loadNeitherLlmAdaptersNorOnnxNorTheHttpClientNorTls() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
                DaemonProcess daemon = new DaemonProcess(tmp.resolve("data"), Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                        "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url())).start()) {
            Map<String, String> env = Map.of("BLUFIO_DATA_DIR", daemon.dataDir.toString());
            for (String[] args : List.of(new String[] {"status"}, new String[] {"api", "GET", "/v1/health"})) {
                List<String> classes = loadedClasses(env, 0, args);
                assertThat(from(classes, "dev.langchain4j.", "ai.onnxruntime.", "java.net.http.", "jdk.internal.net.http.",
                        "sun.security.ssl.", "io.micrometer.")).as(String.join(" ", args)).isEmpty();
            }
        }
    }
}
