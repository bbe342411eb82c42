package io.blufio.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <data dir>/daemon.json}: where the running daemon listens, so that other commands can reach
 * it even when it was given port 0. Written after the gateway is up, removed at shutdown; only
 * trusted while the pid file is locked.
 *
 * @param pid daemon process id
 * @param host gateway host
 * @param port gateway port
 * @param version blufio version
 * @param startedAt ISO-8601 start time
 */
public record DaemonInfo(long pid, String host, int port, String version, String startedAt) {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    public static Path file(Path dataDir) {
        return dataDir.resolve("daemon.json");
    }

    void write(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("daemon.json.tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static Optional<DaemonInfo> read(Path dataDir) {
        try {
            return Optional.of(JSON.readValue(file(dataDir).toFile(), DaemonInfo.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Returns the base URL, e.g. {@code http://127.0.0.1:3000}. */
    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        if ("0.0.0.0".equals(host)) h = "127.0.0.1";
        if ("::".equals(host)) h = "[::1]";
        return "http://" + h + ":" + port;
    }
}
