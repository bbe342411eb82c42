package io.blufio.bench;

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
import java.util.List;
import java.util.Map;

/**
 * A daemon for benchmarks: the distribution launcher ({@code target/blufio-<v>/bin/blufio serve}, so the
 * JVM flags are the real ones) in its own data dir, with signed requests and memory readings.
 */
final class BenchDaemon implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path dataDir;
    private final int port;
    private final PrivateKey key;

    BenchDaemon(Path launcher, Path dataDir, Map<String, String> env) throws Exception {
        this.dataDir = dataDir;
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve").redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling("serve.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_") || k.endsWith("_API_KEY"));
        pb.environment().putAll(env);
        pb.environment().put("BLUFIO_DATA_DIR", dataDir.toString());
        pb.environment().put("BLUFIO_GATEWAY__PORT", "0");
        // BENCH_ENV="BLUFIO_A__B=1;BLUFIO_C__D=2" adds settings to the daemon's environment
        for (String kv : System.getenv().getOrDefault("BENCH_ENV", "").split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) pb.environment().put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(dataDir.resolve("daemon.json"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) throw new IllegalStateException("serve did not start; see " + dataDir.resolveSibling("serve.log"));
            Thread.sleep(50);
        }
        port = JSON.readTree(dataDir.resolve("daemon.json").toFile()).path("port").asInt();
        key = DeviceKeys.readPrivateKey(dataDir.resolve("devices/cli.key"));
    }

    /** Returns the data dir the daemon owns. */
    Path dataDir() {
        return dataDir;
    }

    /** Returns the pid of the JVM (the launcher execs java, so it is the same process). */
    long pid() {
        return process.pid();
    }

    /** Returns true while the daemon process runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** Returns the gateway port. */
    int port() {
        return port;
    }

    /** Returns VmRSS of the daemon in bytes, from /proc. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        return -1;
    }

    HttpResponse<String> signed(String method, String path, String body) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .method(method, b.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(b));
        RequestSigner.sign(method, path, null, b, "cli", key, Instant.now(), RequestSigner.newNonce()).forEach(rb::header);
        return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends one turn; returns true on 200. */
    boolean turn(String session, String content) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("content", content).put("session", session).toString();
        return signed("POST", "/v1/messages", body).statusCode() == 200;
    }

    /** Returns the daemon's {@code /v1/health} memory object. */
    JsonNode memory() throws IOException, InterruptedException {
        return JSON.readTree(signed("GET", "/v1/health", null).body()).path("memory");
    }

    /** Returns the {@code status} of the unauthenticated {@code /health}. */
    String health() throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("status").asText();
    }

    /** Returns whether the daemon reports the embedding model loaded ({@code /v1/health} embedding.loaded). */
    boolean embeddingLoaded() throws IOException, InterruptedException {
        return JSON.readTree(signed("GET", "/v1/health", null).body()).path("embedding").path("loaded").asBoolean();
    }

    String metrics() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Returns the {@code q}-quantile of a Prometheus histogram from its cumulative buckets, interpolating
     * linearly inside the bucket (as PromQL's histogram_quantile does), in seconds.
     */
    static double quantile(String metrics, String family, double q) {
        List<double[]> buckets = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(family + "_bucket{")) continue;
            String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            buckets.add(new double[] {bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))});
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        if (buckets.isEmpty()) return Double.NaN;
        double total = buckets.get(buckets.size() - 1)[1];
        double rank = q * total;
        double prevBound = 0;
        double prevCount = 0;
        for (double[] b : buckets) {
            if (b[1] >= rank) {
                if (Double.isInfinite(b[0])) return prevBound;
                return prevBound + (b[0] - prevBound) * (rank - prevCount) / Math.max(1, b[1] - prevCount);
            }
            prevBound = b[0];
            prevCount = b[1];
        }
        return prevBound;
    }

    /** Sends SIGKILL and waits (the daemon gets no chance to clean up). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
