package io.blufio.cli;

import io.blufio.BlufioException;
import io.blufio.config.LoadedConfig;
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

    @Override
    public Integer call() throws IOException {
        LoadedConfig loaded = global.load();
        if (!path.startsWith("/")) throw new BlufioException("usage", "PATH must start with /, got " + path);
        byte[] body = data == null ? null : readData(data);
        ApiClient client = ApiClient.forRunningDaemon(new DataDir(loaded.dataDir()))
                .orElseThrow(() -> new BlufioException("daemon_not_running", "no daemon is running for data dir " + loaded.dataDir()
                        + ": start it with 'blufio serve'"));
        Map<String, String> headers = stream ? Map.of("Accept", "text/event-stream") : Map.of();
        ApiClient.Response res = client.send(method.toUpperCase(Locale.ROOT), path, body, headers, Duration.ofSeconds(timeoutS));
        PrintWriter out = spec.commandLine().getOut();
        try (var in = new java.io.InputStreamReader(res.body(), StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        }
        out.println();
        out.flush();
        if (res.statusCode() / 100 != 2) {
            spec.commandLine().getErr().println("blufio: HTTP " + res.statusCode());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private static byte[] readData(String data) throws IOException {
        if (data.equals("@-")) return System.in.readAllBytes();
        if (data.startsWith("@")) return Files.readAllBytes(Path.of(data.substring(1)));
        return data.getBytes(StandardCharsets.UTF_8);
    }
}
