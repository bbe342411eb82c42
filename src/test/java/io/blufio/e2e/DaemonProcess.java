package io.blufio.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.auth.DeviceKeys;
import io.blufio.auth.RequestSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real {@code blufio serve} process started from the test class path, with its own data dir and
 * environment, talked to over loopback HTTP with real signatures, stopped with real signals.
 */
final class DaemonProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dataDir;
    final Path log;
    private final Map<String, String> env;
    private Process process;
    private int port;
    private String maxHeap = "-Xmx128m";
    private boolean launcherFlags;
    private String mainClass = "io.blufio.cli.Main";

    DaemonProcess(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-serve.log");
        this.env = new HashMap<>(env);
        this.env.put("BLUFIO_DATA_DIR", dataDir.toString());
        this.env.putIfAbsent("BLUFIO_GATEWAY__PORT", "0");
        // a test JVM is not the tuned daemon: keep the memory monitor out of the way unless a test sets limits
        this.env.putIfAbsent("BLUFIO_DAEMON__MEMORY_WARN_MB", "8192");
        this.env.putIfAbsent("BLUFIO_DAEMON__MEMORY_LIMIT_MB", "16384");
    }

    private final List<String> jvmFlags = new ArrayList<>();

    /** Adds JVM flags for the next {@link #start()}, e.g. {@code -Xlog:class+load:file=...}. */
    DaemonProcess jvmFlags(String... flags) {
        jvmFlags.addAll(List.of(flags));
        return this;
    }

    /** Runs {@code cls} (a {@code main} on the test class path that ends in {@code Main.main}) instead of {@code io.blufio.cli.Main}. */
    DaemonProcess mainClass(String cls) {
        this.mainClass = cls;
        return this;
    }

    /** Sets the JVM's heap limit for the next {@link #start()}, e.g. {@code 64m} (the launcher's); default 128m. */
    DaemonProcess maxHeap(String size) {
        this.maxHeap = "-Xmx" + size;
        return this;
    }

    /**
     * Runs the daemon as the distribution's launcher does: its JVM flags for {@code serve} (from
     * {@code src/dist/jvm-flags.sh}), {@code MALLOC_ARENA_MAX=2}, and the SPEC's default memory limits
     * (unless the test set others). For tests about footprint and memory pressure.
     */
    DaemonProcess withLauncherFlags() {
        launcherFlags = true;
        env.remove("BLUFIO_DAEMON__MEMORY_WARN_MB", "8192");
        env.remove("BLUFIO_DAEMON__MEMORY_LIMIT_MB", "16384");
        return this;
    }

    /**
     * Returns the JVM flags of {@code src/dist/jvm-flags.sh} for a daemon on this JVM, then its malloc settings
     * ({@code NAME=value}, after a line {@code --env}).
     */
    static List<String> launcherDaemonSettings() throws IOException {
        Path script = Path.of("src/dist/jvm-flags.sh").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$1\" && blufio_jvm_flags daemon && printf '%s\\n' \"${BLUFIO_FLAGS[@]}\" --env \"${BLUFIO_MALLOC_ENV[@]}\"",
                "bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("BLUFIO_JAVA_MAJOR", Integer.toString(Runtime.version().feature()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException("jvm-flags.sh failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Starts {@code serve} and waits until {@code daemon.json} names its port. */
    DaemonProcess start() throws IOException {
        launch(() -> Files.exists(dataDir.resolve("daemon.json")));
        port = JSON.readTree(dataDir.resolve("daemon.json").toFile()).path("port").asInt();
        return this;
    }

    /** Starts {@code serve} with {@code gateway.enabled = false} given in the env, and waits until it logs that it serves. */
    DaemonProcess startWithoutApi() throws IOException {
        launch(() -> logText().contains(" serving (pid "));
        return this;
    }

    private void launch(java.util.concurrent.Callable<Boolean> started) throws IOException {
        Files.deleteIfExists(dataDir.resolve("daemon.json"));
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        Map<String, String> mallocEnv = new HashMap<>();
        if (launcherFlags) {
            List<String> settings = launcherDaemonSettings();
            int sep = settings.indexOf("--env");
            cmd.addAll(settings.subList(0, sep));
            for (String kv : settings.subList(sep + 1, settings.size())) mallocEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        } else {
            cmd.addAll(List.of(maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        }
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "serve"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_") || k.endsWith("_API_KEY") || k.equals("TELEGRAM_BOT_TOKEN"));
        pb.environment().putAll(mallocEnv);
        pb.environment().putAll(env);
        pb.directory(dataDir.getParent().toFile());
        process = pb.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) throw new AssertionError("serve exited with " + process.exitValue() + ":\n" + logText());
            return started.call();
        });
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Sends SIGTERM and returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("serve did not stop after SIGTERM");
        return process.exitValue();
    }

    /** Sends SIGKILL and waits. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    PrivateKey cliKey() {
        return DeviceKeys.readPrivateKey(dataDir.resolve("devices/cli.key"));
    }

    /** Sends a request signed by the local cli device. */
    HttpResponse<String> signed(String method, String path, String body) throws IOException, InterruptedException {
        return signed(method, path, body, Instant.now(), RequestSigner.newNonce(), Map.of());
    }

    HttpResponse<String> signed(String method, String path, String body, Instant created, String nonce, Map<String, String> extra)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(RequestSigner.sign(method, uri.getRawPath(), uri.getRawQuery(), b, "cli", cliKey(), created, nonce));
        headers.putAll(extra);
        return send(method, uri, b, headers);
    }

    HttpResponse<String> send(String method, URI uri, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(rb::header);
        return HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode message(String content) throws IOException, InterruptedException {
        HttpResponse<String> r = signed("POST", "/v1/messages", JSON.createObjectNode().put("content", content).toString());
        if (r.statusCode() != 200) throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body() + "\n" + logText());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
