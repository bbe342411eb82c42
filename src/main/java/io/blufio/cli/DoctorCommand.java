package io.blufio.cli;

import io.blufio.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.config.ConfigProblem;
import io.blufio.config.LoadedConfig;
import io.blufio.ops.doctor.CheckResult;
import io.blufio.ops.doctor.Checks;
import io.blufio.ops.doctor.Doctor;
import io.blufio.ops.doctor.DoctorContext;
import io.blufio.ops.doctor.DoctorSecrets;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code blufio doctor}: diagnostics with a fix for every problem (SPEC 8). */
@Command(name = "doctor", mixinStandardHelpOptions = true, header = "Check the setup and say how to fix what is wrong.",
        description = {"Quick checks (about 2 s, run at once, each with its own time limit): config, data dir, database,",
                "daemon, LLM credentials (an authenticated request), Telegram token and long poll, vault, plaintext secrets.",
                "--deep adds: PRAGMA integrity_check, free disk, the daemon's memory baseline, the embedding model, every",
                "vault entry, and the systemd unit's state and restart count. The vault is unlocked only with BLUFIO_VAULT_KEY."},
        footer = {"", "Exit codes: 0 nothing failed (warnings allowed), 1 at least one check failed."})
final class DoctorCommand implements Callable<Integer> {
    static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    /** Time limit of {@code systemctl show}, in seconds. */
    static final int SYSTEMCTL_TIMEOUT_S = 2;

    @Spec CommandSpec spec;
    @Option(names = "--deep", description = "Also run the slow checks (integrity, disk, memory, embedding model, vault entries, systemd).") boolean deep;
    @Option(names = "--json", description = "Print one JSON object {ok, checks: [{name, status, detail, fix, took_ms}]}.") boolean json;
    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "1.5",
            description = "Time limit of each quick check in seconds (default ${DEFAULT-VALUE}); raise it on a slow link or a busy host.")
    double timeoutS;
    private final GlobalOptions global;

    DoctorCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() throws IOException {
        if (!(timeoutS >= 0.1 && timeoutS <= 600)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be 0.1 to 600 seconds, got " + timeoutS);
        }
        DoctorContext.Limits limits = timeoutS == 1.5 ? DoctorContext.Limits.DEFAULT
                : DoctorContext.Limits.of(java.time.Duration.ofMillis(Math.round(timeoutS * 1000)));
        List<CheckResult> results;
        var v = global.validateForServe();  // serve's rules: what makes serve exit 78 fails this check
        if (!v.valid()) {
            String detail = String.join("; ", v.problems().stream().map(ConfigProblem::render).toList());
            return report(List.of(CheckResult.fail("config", detail, "fix the file (blufio config validate lists every problem with its line)")));
        }
        LoadedConfig loaded = v.loaded().orElseThrow();
        CheckResult configResult = v.warnings().isEmpty()
                ? CheckResult.ok("config", loaded.file().map(f -> f + " is valid").orElse("no config file (defaults)"))
                : CheckResult.warn("config", "valid, but " + String.join("; ", v.warnings()), "rename or unset the variable(s) named above");
        DataDir dir = new DataDir(loaded.dataDir());
        DoctorContext.Lazy<Optional<Database>> db = new DoctorContext.Lazy<>(() -> dir.hasDatabase() ? Optional.of(Database.open(dir.database())) : Optional.empty());
        try {
            CompletableFuture<Optional<JsonNode>> health = CompletableFuture.supplyAsync(() -> ApiClient.forRunningDaemon(dir).map(c -> StatusCommand.fetchHealth(c, limits.network())));
            // one resolution, at most one vault unlock, on its own thread: checks that need it wait for it (their
            // time limits start when it is ready), the others never do
            CompletableFuture<DoctorSecrets> secrets = CompletableFuture.supplyAsync(
                    () -> DoctorSecrets.resolve(loaded.config(), db.get(), global.env(), Clock.systemUTC()));
            HttpClient http = HttpClient.newBuilder().connectTimeout(limits.network()).build();
            DoctorContext ctx = new DoctorContext(loaded, secrets, dir, global.env(), health, db, DoctorCommand::systemctl, http, Clock.systemUTC(), limits);
            results = new java.util.ArrayList<>();
            results.add(configResult);
            results.addAll(Doctor.run(Checks.of(ctx, deep), Ticker.SYSTEM::nanoTime));
            results.addAll(McpCommand.doctorChecks(global, loaded, () -> db.get().orElse(null)));  // each bounded by its server's timeout_s
        } finally {
            db.ifMade().flatMap(o -> o).ifPresent(Database::close);
        }
        return report(results);
    }

    private int report(List<CheckResult> results) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean passed = Doctor.passed(results);
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("ok", passed);
            ArrayNode arr = root.putArray("checks");
            for (CheckResult r : results) {
                arr.addObject().put("name", r.name()).put("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
                        .put("detail", r.detail()).put("fix", r.fix()).put("took_ms", r.tookMs());
            }
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            Style style = new Style(global.fancy());
            for (CheckResult r : results) {
                out.println(style.mark(r.status().name().toLowerCase(java.util.Locale.ROOT)) + " " + Style.pad(r.name(), 18) + r.detail());
                if (r.fix() != null) out.println("  " + " ".repeat(style.fancy() ? 1 : 4) + Style.pad("", 18) + "fix: " + r.fix());
            }
            long fails = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
            long warns = results.stream().filter(r -> r.status() == CheckResult.Status.WARN).count();
            out.println(passed ? (warns == 0 ? "all checks passed" : "passed with " + warns + " warning(s)")
                    : fails + " check(s) failed" + (warns == 0 ? "" : ", " + warns + " warning(s)"));
        }
        out.flush();
        return passed ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Runs {@code systemctl ARGS}; empty when it is missing, fails (no systemd as PID 1) or overruns. */
    static Optional<String> systemctl(List<String> args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("systemctl"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(SYSTEMCTL_TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
