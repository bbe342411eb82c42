package io.blufio.cli;

import io.blufio.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.BlufioException;
import io.blufio.ops.OfflineStatus;
import io.blufio.store.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code blufio status}: the dashboard of the running daemon (SPEC 7), or what the data dir tells without one. */
@Command(name = "status", mixinStandardHelpOptions = true, header = "Show whether the daemon runs and how it is doing.",
        description = {"Reads the running daemon's /v1/health with the local device key: health, channels, sessions,",
                "memory, cost against the caps, the LLM and its last error. Without a daemon it prints the cost and",
                "session figures from the data dir, and names a stale pid file left by a crash."},
        footer = {"", "Exit codes: 0 running, 1 running but not answering, 3 not running."})
final class StatusCommand implements Callable<Integer> {
    /** How long the daemon may take to answer /v1/health (it answers from cached state in milliseconds). */
    static final Duration HEALTH_TIMEOUT = Duration.ofMillis(5_000);
    static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    @Spec CommandSpec spec;
    @Option(names = "--json", description = "Print one JSON object with the same content instead of the dashboard.") boolean json;
    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "5",
            description = "How long the daemon may take to answer, in seconds (default ${DEFAULT-VALUE}); a healthy one answers in milliseconds.")
    int timeoutS;
    private final GlobalOptions global;

    StatusCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() throws IOException {
        if (timeoutS < 1 || timeoutS > 600) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be 1 to 600 seconds, got " + timeoutS);
        // the data dir alone finds the daemon, which reports its own state; the whole configuration is loaded (and a
        // broken one reported) only for the figures read from the data dir when no daemon answers
        DataDir dir = new DataDir(global.daemonDataDir());
        java.util.function.Supplier<io.blufio.config.CostConfig> cost = () -> global.load().config().cost();
        java.util.Optional<DataDir.Holder> holder = dir.holder();
        OptionalLong pid = holder.map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty());
        ObjectNode report = JSON.createObjectNode();
        report.put("data_dir", dir.root().toString());
        int code;
        String problem = null;
        if (holder.isPresent() && !DataDir.SERVE.equals(holder.get().kind())) {
            // a shell or a restore holds the data dir: no daemon runs (doctor says the same, see DaemonChecks)
            DataDir.Holder h = holder.get();
            report.put("state", "not_running");
            report.putObject("held_by").put("pid", h.pid()).put("kind", h.kind()).put("what", h.describe());
            problem = heldBy(h);
            report.setAll(OfflineStatus.read(dir, cost.get(), Clock.systemUTC(), JSON));
            code = ExitCodes.NOT_RUNNING;
        } else if (pid.isPresent()) {
            report.put("state", "running").put("pid", pid.getAsLong());
            try {
                JsonNode health = ApiClient.forRunningDaemon(dir).map(c -> fetchHealth(c, Duration.ofSeconds(timeoutS))).orElse(null);
                if (health == null) {
                    String missing = addOfflineFigures(report, dir, cost);
                    problem = "the daemon's API is off (gateway.enabled = false) or daemon.json is missing: "
                            + (missing == null ? "showing data-dir figures" : missing);
                    code = ExitCodes.OK;
                } else {
                    report.setAll((ObjectNode) health);
                    report.put("state", "running");
                    code = ExitCodes.OK;
                }
            } catch (BlufioException e) {
                problem = "pid " + pid.getAsLong() + " holds the data dir but does not answer: " + e.getMessage();
                String missing = addOfflineFigures(report, dir, cost);
                if (missing != null) problem += "; " + missing;
                code = ExitCodes.FAILURE;
            }
        } else {
            report.put("state", "not_running");
            String stale = stalePid(dir);
            report.put("stale_pid_file", stale);
            report.setAll(OfflineStatus.read(dir, cost.get(), Clock.systemUTC(), JSON));
            code = ExitCodes.NOT_RUNNING;
        }
        if (problem != null) report.put("problem", problem);
        if (json) {
            spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            new StatusView(new Style(global.fancy()), spec.commandLine().getOut()).print(report);
        }
        spec.commandLine().getOut().flush();
        return code;
    }

    /**
     * Adds the data dir's figures (spend, sessions) for a running daemon that cannot give its own; returns why they
     * are left out, or null. They need the configuration (the cost caps): a broken one leaves them out instead of
     * hiding the running daemon behind exit 78.
     */
    private static String addOfflineFigures(ObjectNode report, DataDir dir, java.util.function.Supplier<io.blufio.config.CostConfig> cost) {
        try {
            report.setAll(OfflineStatus.read(dir, cost.get(), Clock.systemUTC(), JSON));
            return null;
        } catch (io.blufio.config.ConfigException e) {
            return "no data-dir figures: the configuration has " + e.problems().size()
                    + (e.problems().size() == 1 ? " problem" : " problems") + " (blufio config validate lists them)";
        }
    }

    /** Returns the sentence {@code status} and {@code doctor} both print when something other than serve holds the data dir. */
    static String heldBy(DataDir.Holder h) {
        return DataDir.heldBy(h);
    }

    /** Returns the daemon's signed {@code /v1/health}. @throws BlufioException {@code daemon_unreachable} */
    static JsonNode fetchHealth(ApiClient client) {
        return fetchHealth(client, HEALTH_TIMEOUT);
    }

    /** Returns the daemon's {@code /v1/health}, waiting at most {@code timeout} for the answer. */
    static JsonNode fetchHealth(ApiClient client, java.time.Duration timeout) {
        ApiClient.Response res = client.send("GET", "/v1/health", null, Map.of(), timeout);
        try (InputStream in = res.body()) {
            if (res.statusCode() != 200) throw new BlufioException(ErrorCode.DAEMON_UNREACHABLE, "/v1/health answered HTTP " + res.statusCode());
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.DAEMON_UNREACHABLE, "reading /v1/health failed: " + e.getMessage(), e);
        }
    }

    /** Returns the pid named by a pid file that no process holds (a crash left it), or null. */
    private static String stalePid(DataDir dir) {
        try {
            if (!Files.exists(dir.pidFile())) return null;
            String text = Files.readString(dir.pidFile()).trim();
            return text.isEmpty() ? "unknown" : text;
        } catch (IOException e) {
            return null;
        }
    }
}
