package io.blufio.cli;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.store.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blufio api METHOD PATH [--data JSON|@file]}: a signed request to the local daemon (like {@code gh api}). */
@Command(name = "api", mixinStandardHelpOptions = true, header = "Send a signed request to the running daemon's API and print the answer.",
        description = {"Signs with the local device key (<data dir>/devices/cli.key) as RFC 9421 requires and prints",
                "the response body to stdout. Exit 0 for a 2xx answer, 1 otherwise (the status goes to stderr)."},
        footer = {"", "Examples:",
                "  blufio api GET /v1/health",
                "  blufio api POST /v1/messages --data '{\"content\":\"hello\"}'",
                "  blufio api POST /v1/messages --data @message.json --stream",
                "  blufio api GET '/v1/sessions/1/messages?limit=10'"})
final class ApiCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "METHOD", description = "HTTP method: GET, POST, ...")
    String method;

    @Parameters(index = "1", paramLabel = "PATH", description = "Path with optional query, e.g. /v1/health")
    String path;

    @Option(names = {"-d", "--data"}, paramLabel = "<json|@file>", description = "Request body: JSON text, or @file to read it from a file (@- for stdin).")
    String data;

    @Option(names = "--stream", description = "Ask for Server-Sent Events (Accept: text/event-stream) and print them as they arrive.")
    boolean stream;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "600", description = "Give up after this many seconds (default ${DEFAULT-VALUE}).")
    int timeoutS;

    private final GlobalOptions global;

    ApiCommand(GlobalOptions global) {
        this.global = global;
    }

    /** Longest --timeout, in seconds (a day). */
    static final int MAX_TIMEOUT_S = 86_400;
    /** Largest --data body read, in bytes: the API's own limit (1 MiB), so a bigger one is refused here, not by a 413. */
    static final int MAX_BODY_BYTES = 1 << 20;

    @Override
    public Integer call() throws IOException {
        if (timeoutS < 1 || timeoutS > MAX_TIMEOUT_S) throw usage("--timeout must be 1 to " + MAX_TIMEOUT_S + " seconds, got " + timeoutS);
        if (!method.matches("[A-Za-z]{1,16}")) throw usage("METHOD must be an HTTP method such as GET or POST, got " + method);
        if (!path.startsWith("/")) throw usage("PATH must start with /, got " + path);
        java.nio.file.Path dataDir = global.daemonDataDir();
        byte[] body = data == null ? null : readData(data);
        DataDir dir = new DataDir(dataDir);
        ApiClient client = ApiClient.forRunningDaemon(dir).orElseThrow(() -> dir.runningPid().isPresent()
                ? new BlufioException(ErrorCode.DAEMON_API_OFF, "the daemon (pid " + dir.runningPid().getAsLong() + ") for data dir "
                        + dataDir + " runs with its HTTP API off (gateway.enabled = false) or without daemon.json: set gateway.enabled = true"
                        + " and restart it to use blufio api")
                : new BlufioException(ErrorCode.DAEMON_NOT_RUNNING, "no daemon is running for data dir " + dataDir
                        + ": start it with 'blufio serve'"));
        Map<String, String> headers = stream ? Map.of("Accept", "text/event-stream") : Map.of();
        ApiClient.Response res = client.send(method.toUpperCase(Locale.ROOT), path, body, headers, Duration.ofSeconds(timeoutS));
        PrintWriter out = spec.commandLine().getOut();
        SseTail tail = new SseTail();
        try (var in = new java.io.InputStreamReader(res.body(), StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
                tail.feed(buf, n);
            }
        }
        out.println();
        out.flush();
        if (res.statusCode() / 100 != 2) {
            spec.commandLine().getErr().println("blufio: HTTP " + res.statusCode());
            return ExitCodes.FAILURE;
        }
        if (stream && "error".equals(tail.lastEvent())) {
            spec.commandLine().getErr().println("blufio: the stream ended with an error event" + (tail.lastData() == null ? "" : ": " + tail.lastData()));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    private byte[] readData(String data) {
        try {
            byte[] bytes;
            if (data.equals("@-")) {
                bytes = System.in.readNBytes(MAX_BODY_BYTES + 1);
            } else if (data.startsWith("@")) {
                Path file = Path.of(data.substring(1));
                if (!Files.isRegularFile(file)) throw usage("--data " + data + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
                try (InputStream in = Files.newInputStream(file)) {
                    bytes = in.readNBytes(MAX_BODY_BYTES + 1);
                }
            } else {
                bytes = data.getBytes(StandardCharsets.UTF_8);
            }
            if (bytes.length > MAX_BODY_BYTES) throw usage("--data is over the API's 1 MiB body limit");
            return bytes;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw usage("--data " + data + " cannot be read: " + e.getMessage());
        }
    }

    /** Follows a Server-Sent Events stream (https://html.spec.whatwg.org/multipage/server-sent-events.html) for its last event. */
    static final class SseTail {
        private final StringBuilder line = new StringBuilder();
        private String event;
        private String lastEvent;
        private String lastData;
        private String data;

        void feed(char[] buf, int n) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n') {
                    take(line.toString());
                    line.setLength(0);
                } else if (c != '\r' && line.length() < 64 << 10) {
                    line.append(c);
                }
            }
        }

        private void take(String l) {
            if (l.isEmpty()) {  // a blank line dispatches the event
                if (event != null || data != null) {
                    lastEvent = event == null ? "message" : event;
                    lastData = data;
                }
                event = null;
                data = null;
            } else if (l.startsWith("event:")) {
                event = l.substring(6).strip();
            } else if (l.startsWith("data:")) {
                data = l.substring(5).strip();
            }
        }

        String lastEvent() {
            return lastEvent;
        }

        String lastData() {
            return lastData;
        }
    }
}
