package io.blufio.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.store.Database;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status}, {@code doctor}, {@code backup}, {@code restore} and serve's exit 78, as real processes. */
final class OpsEndToEndTest {
    @TempDir Path tmp;
    private FakeAnthropicServer llm;
    private final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeEach
    void startLlm() {
        llm = new FakeAnthropicServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (DaemonProcess d : daemons) d.close();
        llm.close();
    }

    private Map<String, String> env(String key) {
        Map<String, String> env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", key, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                "BLUFIO_DATA_DIR", tmp.resolve("data").toString(), "BLUFIO_DAEMON__SHUTDOWN_GRACE_S", "2"));
        return env;
    }

    private DaemonProcess daemon() throws Exception {
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env(FakeAnthropicServer.API_KEY)).start();
        daemons.add(d);
        return d;
    }

    private CliProcess.Result cli(Map<String, String> env, String... args) throws Exception {
        return CliProcess.run(tmp, env, "", args);
    }

    @Test
    void status_running_jsonHasEverything_thenStoppedExits3WithCost() throws Exception {
        DaemonProcess d = daemon();
        d.message("hello");
        CliProcess.Result r = cli(env(FakeAnthropicServer.API_KEY), "status", "--json", "--timeout", "30");  // its wall time: bench/ops.sh
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = DaemonProcess.JSON.readTree(r.out());
        assertThat(s.path("state").asText()).isEqualTo("running");
        assertThat(s.path("uptime_s").isNumber()).isTrue();
        assertThat(s.path("memory").path("rss_bytes").asLong()).isPositive();
        assertThat(s.path("sessions").path("active").isNumber()).isTrue();
        assertThat(s.path("channels").isObject()).isTrue();
        assertThat(s.path("budget").path("day").path("spent_usd").asDouble()).isPositive();

        // the config file broken after the daemon started: status and api need only the data dir to find the daemon,
        // which reports its own state; without a daemon, status reads figures that need the config, and says what is wrong
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("blufio.toml"), "[gateway]\nport = 99999\n");
        CliProcess.Result broken = cli(env(FakeAnthropicServer.API_KEY), "status", "--json");
        assertThat(broken.code()).as(broken.err()).isZero();
        assertThat(DaemonProcess.JSON.readTree(broken.out()).path("state").asText()).isEqualTo("running");
        assertThat(cli(env(FakeAnthropicServer.API_KEY), "api", "GET", "/v1/health").code()).isZero();

        d.kill();  // SIGKILL: the pid file is left behind, stale
        CliProcess.Result brokenOff = cli(env(FakeAnthropicServer.API_KEY), "status");
        assertThat(brokenOff.code()).isEqualTo(78);
        assertThat(brokenOff.err()).contains("gateway.port");
        java.nio.file.Files.delete(file);
        CliProcess.Result off = cli(env(FakeAnthropicServer.API_KEY), "status", "--json");
        assertThat(off.code()).isEqualTo(3);
        JsonNode o = DaemonProcess.JSON.readTree(off.out());
        assertThat(o.path("state").asText()).isEqualTo("not_running");
        assertThat(o.path("stale_pid_file").asText()).isNotBlank();
        assertThat(o.path("budget").path("month").path("spent_usd").asDouble()).isPositive();
        assertThat(o.path("sessions").path("total").asLong()).isEqualTo(1);
        CliProcess.Result text = cli(env(FakeAnthropicServer.API_KEY), "status");
        assertThat(text.code()).isEqualTo(3);
        assertThat(text.out()).contains("not running").contains("stale").contains("today $0.");
    }

    /** A daemon with its API off: status shows it running (leaving out the figures a broken file prevents), api says why it cannot call. */
    @Test
    void status_andApi_withTheDaemonsApiOff() throws Exception {
        Map<String, String> env = env(FakeAnthropicServer.API_KEY);
        env.put("BLUFIO_GATEWAY__ENABLED", "false");
        DaemonProcess d = new DaemonProcess(tmp.resolve("data"), env).startWithoutApi();
        daemons.add(d);
        CliProcess.Result ok = cli(env, "status", "--json");
        assertThat(ok.code()).as(ok.err()).isZero();
        JsonNode s = DaemonProcess.JSON.readTree(ok.out());
        assertThat(s.path("state").asText()).isEqualTo("running");
        assertThat(s.path("problem").asText()).contains("API is off").contains("showing data-dir figures");
        assertThat(s.path("sessions").path("total").isNumber()).isTrue();

        java.nio.file.Files.writeString(tmp.resolve("blufio.toml"), "[gateway]\nprot = 1\n");  // broken after the start
        CliProcess.Result broken = cli(env, "status", "--json");
        assertThat(broken.code()).as(broken.err()).isZero();
        assertThat(DaemonProcess.JSON.readTree(broken.out()).path("problem").asText()).contains("API is off")
                .contains("no data-dir figures: the configuration has 1 problem");
        CliProcess.Result api = cli(env, "api", "GET", "/v1/health");
        assertThat(api.code()).isEqualTo(1);
        assertThat(api.err()).contains("runs with its HTTP API off").doesNotContain("no daemon is running");
    }

    @Test
    void doctor_wrongKeyFails_workingSetupPasses_hangingLlmIsCutOffByItsOwnLimit() throws Exception {
        CliProcess.Result bad = cli(env("sk-ant-wrong"), "doctor", "--timeout", "30");  // generous: the machine may be busy
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("anthropic rejected the API key from ANTHROPIC_API_KEY (environment, ****").contains("(HTTP 401")
                .contains("fix: set a valid key in ANTHROPIC_API_KEY").doesNotContain("network");

        daemon();
        CliProcess.Result good = cli(env(FakeAnthropicServer.API_KEY), "doctor", "--json", "--timeout", "30");
        assertThat(good.code()).as(good.out() + good.err()).isZero();
        JsonNode checks = DaemonProcess.JSON.readTree(good.out()).path("checks");
        assertThat(checks.toString()).contains("\"llm credentials\"").contains("accepted the key");

        llm.hang(true);  // the wall time of this run is a figure of bench/ops.sh, not an assertion
        CliProcess.Result hung = cli(env(FakeAnthropicServer.API_KEY), "doctor", "--json", "--timeout", "4");
        assertThat(hung.code()).isEqualTo(1);
        JsonNode llmCheck = check(hung.out(), "llm credentials");
        assertThat(llmCheck.path("status").asText()).isEqualTo("fail");
        assertThat(llmCheck.path("detail").asText()).containsPattern("network: no answer from .* within 3800 ms|no answer within 4000 ms");
        assertThat(check(hung.out(), "data dir").path("status").asText()).as("the other checks finish").isEqualTo("ok");
    }

    static JsonNode check(String doctorJson, String name) throws Exception {
        for (JsonNode c : DaemonProcess.JSON.readTree(doctorJson).path("checks")) if (c.path("name").asText().equals(name)) return c;
        throw new AssertionError("no check " + name + " in " + doctorJson);
    }

    @Test
    void doctorDeep_onACorruptedCopyOfTheDatabase_reportsTheIntegrityFailure() throws Exception {
        DaemonProcess d = daemon();
        for (int i = 0; i < 20; i++) d.message("fill the database a little, message " + i + " ".repeat(2000));
        assertThat(d.terminate()).isZero();
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(tmp.resolve("data/blufio.db"), copy.resolve("blufio.db"));
        try (RandomAccessFile f = new RandomAccessFile(copy.resolve("blufio.db").toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[16384]);
        }
        Map<String, String> env = env(FakeAnthropicServer.API_KEY);
        env.put("BLUFIO_DATA_DIR", copy.toString());
        env.put("BLUFIO_MEMORY__ENABLED", "false");
        CliProcess.Result r = cli(env, "doctor", "--deep", "--json", "--timeout", "30");
        assertThat(r.code()).isEqualTo(1);
        JsonNode integrity = null;
        for (JsonNode c : DaemonProcess.JSON.readTree(r.out()).path("checks")) if (c.path("name").asText().equals("integrity")) integrity = c;
        assertThat(integrity).isNotNull();
        assertThat(integrity.path("status").asText()).isEqualTo("fail");
        assertThat(integrity.path("fix").asText()).contains("blufio restore");
    }

    @Test
    void backup_during10ConcurrentTurns_isIntact_andHoldsEveryCommittedTurn_thenRestoreRules() throws Exception {
        DaemonProcess d = daemon();
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<Void>> turns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            llm.enqueueSlowText("answer number " + i + " comes slowly word by word", 40 * i);
            String body = DaemonProcess.JSON.createObjectNode().put("content", "question " + i).put("session", "s" + i).toString();
            turns.add(CompletableFuture.runAsync(() -> {
                try {
                    if (d.signed("POST", "/v1/messages", body).statusCode() == 200) done.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> done.get() >= 2);
        int committedBefore = done.get();
        CliProcess.Result b = cli(env(FakeAnthropicServer.API_KEY), "backup", tmp.resolve("during.db").toString(), "--json");
        assertThat(b.code()).as(b.err()).isZero();
        System.out.println("backup under load: " + b.out().trim());
        CompletableFuture.allOf(turns.toArray(CompletableFuture[]::new)).get();
        assertThat(done.get()).isEqualTo(10);  // the daemon kept answering
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("during.db"));
             ResultSet ok = c.createStatement().executeQuery("PRAGMA integrity_check");
             ResultSet turnsDone = c.createStatement().executeQuery("SELECT count(*) FROM inbox WHERE state = 'done'")) {
            assertThat(ok.next() && ok.getString(1).equals("ok")).isTrue();
            assertThat(turnsDone.next()).isTrue();
            assertThat(turnsDone.getInt(1)).isGreaterThanOrEqualTo(committedBefore);
        }
        assertThat(Files.exists(tmp.resolve("during.db.tmp"))).isFalse();

        CliProcess.Result refused = cli(env(FakeAnthropicServer.API_KEY), "restore", tmp.resolve("during.db").toString());
        assertThat(refused.code()).isEqualTo(75);
        assertThat(refused.err()).contains("pid " + d.process().pid());
        assertThat(d.terminate()).isZero();
        CliProcess.Result restored = cli(env(FakeAnthropicServer.API_KEY), "restore", tmp.resolve("during.db").toString(), "--json");
        assertThat(restored.code()).as(restored.err()).isZero();
        Path safety = Path.of(DaemonProcess.JSON.readTree(restored.out()).path("safety_copy").asText());
        assertThat(safety.getFileName().toString()).startsWith("blufio.db.pre-restore-");
        assertThat(Files.exists(safety)).isTrue();
    }

    @Test
    void backup_ontoAFullFileSystem_failsCleanly_leavingNoTmp() throws Exception {
        Path data = tmp.resolve("big");
        try (Database db = Database.open(Files.createDirectories(data).resolve("blufio.db"))) {
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO sessions(key, channel, created_at, updated_at) "
                    + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                    + "SELECT 'bulk-' || i || '-" + "x".repeat(40) + "', 'api', 0, 0 FROM n"));
        }
        assertThat(Files.size(data.resolve("blufio.db"))).isGreaterThan(4L << 20);
        // RLIMIT_FSIZE of 2 MiB: a write past it fails with EFBIG (the JVM ignores SIGXFSZ), as on a full disk
        Path target = tmp.resolve("full/copy.db");
        Files.createDirectories(target.getParent());
        List<String> java = List.of(DaemonProcess.javaBin(), "-Xmx128m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.blufio.cli.Main", "--data-dir", data.toString(), "backup", target.toString());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -f 2048 && exec \"$@\"", "bash").redirectErrorStream(true);
        pb.command().addAll(java);
        pb.environment().keySet().removeIf(k -> k.startsWith("BLUFIO_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isEqualTo(1);
        assertThat(out).contains("backup failed");
        assertThat(Files.exists(target)).isFalse();
        assertThat(Files.exists(Path.of(target + ".tmp"))).isFalse();
    }

    @Test
    void serve_withAnInvalidConfig_exits78() throws Exception {
        Map<String, String> env = env(FakeAnthropicServer.API_KEY);
        env.put("BLUFIO_GATEWAY__PORT", "not-a-port");
        CliProcess.Result r = cli(env, "serve");
        assertThat(r.code()).isEqualTo(78);
        assertThat(r.err()).contains("gateway.port");
    }
}
