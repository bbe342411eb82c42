package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.fixtures.FakeAnthropicServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI polish list of issue 10 item 8, in process. */
final class CliPolishTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    private Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "BLUFIO_DATA_DIR", tmp.resolve("data").toString()));
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void walk(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, into);
    }

    @Test
    void everyCommandsHelp_hasAnExample_andPicocliWarnsAboutNothing() {
        List<CommandLine> all = new ArrayList<>();
        walk(Main.commandLine(new GlobalOptions(env())), all);
        assertThat(all).hasSizeGreaterThan(25);
        PrintStream realErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));  // picocli's tracer writes its WARN lines here
        try {
            for (CommandLine cl : all) {
                String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertThat(help).as(cl.getCommandSpec().qualifiedName()).contains("Example");
                assertThat(help.substring(help.indexOf("Example"))).as(cl.getCommandSpec().qualifiedName()).contains("blufio ");
            }
        } finally {
            System.setErr(realErr);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("[picocli WARN]");
    }

    @Test
    void userErrors_areUsageErrors_withoutAStackTrace() {
        String[][] cases = {
            {"api", "GET", "/v1/health", "--timeout", "0"},
            {"api", "GET", "/v1/health", "--timeout", "abc"},
            {"api", "POST", "/v1/messages", "--data", "@" + tmp.resolve("missing.json")},
            {"api", "GE T", "/v1/health"},
            {"memory", "list", "--limit", "0"},
            {"memory", "search", "cat", "--limit", "-3"},
            {"memory", "forget", "abc"},
            {"device", "new", "Bad_Name"},
            {"device", "export", "../etc"},
            {"doctor", "--timeout", "0"},
        };
        for (String[] args : cases) {
            Run r = run(env(), args);
            String what = String.join(" ", args);
            assertThat(r.code()).as(what + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err()).as(what).startsWith("blufio: ").doesNotContain("\tat ").doesNotContain("Exception").contains("--help");
        }
        assertThat(run(env(), "api", "GET", "/v1/health", "--timeout", "0").err()).contains("--timeout must be 1 to 86400 seconds, got 0");
        assertThat(run(env(), "api", "POST", "/v1/messages", "--data", "@" + tmp.resolve("missing.json")).err()).contains("no such file");
        assertThat(run(env(), "device", "new", "Bad_Name").err()).contains("invalid device name \"Bad_Name\"");
    }

    @Test
    void configGet_printsTheEffectiveDerivedPaths() {
        Run dataDir = run(env(), "config", "get", "storage.data_dir");
        assertThat(dataDir.code()).isZero();
        assertThat(dataDir.out()).startsWith(tmp.resolve("data").toString());
        Run workspace = run(env(), "config", "get", "tools.workspace_dir", "--json");
        assertThat(workspace.out()).contains("\"value\":\"" + tmp.resolve("data/workspace") + "\"").contains("\"derived\":true");
        Run set = run(env("BLUFIO_TOOLS__WORKSPACE_DIR", tmp.resolve("ws").toString()), "config", "get", "tools.workspace_dir");
        assertThat(set.out().strip()).isEqualTo(tmp.resolve("ws").toString());
    }

    @Test
    void status_underMemoryPressure_showsOneRssFigure() throws Exception {
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"state":"running","pid":7,"uptime_s":9,"version":"x","status":"degraded",
                 "reasons":["memory: pressure 2 (RSS 90 MiB; warn 20 MiB, limit 30 MiB); new sessions refused"],
                 "llm":{"provider":"anthropic","model":"m","state":"ok"},"channels":{},"sessions":{"active":0,"max":64},"inbox":{"depth":0},
                 "memory":{"rss_bytes":94371840,"heap_used_bytes":1000,"pressure":2,"warn_bytes":20971520,"limit_bytes":31457280}}""");
        StringWriter out = new StringWriter();
        new StatusView(new Style(false), new PrintWriter(out, true)).print(report);
        assertThat(out.toString().split("RSS", -1)).as(out.toString()).hasSize(2);
    }

    @Test
    void apiStream_endingInAnErrorEvent_exits1() throws Exception {
        try (FakeAnthropicServer llm = new FakeAnthropicServer(); InProcessDaemon d = new InProcessDaemon(tmp, llm, FakeAnthropicServer.API_KEY, Map.of())) {
            llm.enqueueError(400, "invalid_request_error", "this request is refused");
            Map<String, String> env = env();
            Run failed = run(env, "api", "POST", "/v1/messages", "--stream", "--data", "{\"content\":\"fail\"}");
            assertThat(failed.out()).contains("event: error");
            assertThat(failed.code()).as(failed.err()).isEqualTo(1);
            assertThat(failed.err()).contains("the stream ended with an error event").contains("llm_");
            Run ok = run(env, "api", "POST", "/v1/messages", "--stream", "--data", "{\"content\":\"fine\"}");
            assertThat(ok.out()).contains("event: done");
            assertThat(ok.code()).as(ok.err()).isZero();
        }
    }
}
