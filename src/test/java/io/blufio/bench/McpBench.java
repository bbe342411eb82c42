package io.blufio.bench;

import io.blufio.cli.Main;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.McpTestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MCP footprint benchmark (issue 17): RSS of {@code serve} (real launcher and JVM flags) after one turn and
 * {@code idle} seconds, with no MCP server, with one stdio server configured (unapproved: started to list its tools at
 * the first turn), and with one approved stdio server whose tool was called; the server's own RSS is printed apart.
 * Long-term memory is off, so the embedding model's 69 MB do not hide the difference.
 * Usage: bench/mcp.sh [idle seconds, default 20]. Not part of the test suite.
 */
public final class McpBench {
    public static void main(String[] args) throws Exception {
        long idle = args.length > 0 ? Long.parseLong(args[0]) : 20;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            for (String mode : List.of("none", "configured", "called")) {
                Path tmp = Files.createTempDirectory("blufio-mcp-bench");
                Path toml = tmp.resolve("blufio.toml");
                List<String> argv = McpTestServer.command();
                Files.writeString(toml, mode.equals("none") ? "" : "[[mcp.servers]]\nname = \"t\"\ncommand = " + q(argv.get(0)) + "\nargs = ["
                        + argv.subList(1, argv.size()).stream().map(McpBench::q).collect(Collectors.joining(", ")) + "]\n");
                Map<String, String> env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                        "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "BLUFIO_CONFIG", toml.toString(),
                        "BLUFIO_MEMORY__ENABLED", "false"));  // keep the 69 MB embedding model out of the comparison
                if (mode.equals("called")) {
                    int code = Main.run(new String[] {"--config", toml.toString(), "--data-dir", tmp.resolve("data").toString(), "mcp", "approve", "t", "echo"},
                            Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(System.err, true));
                    if (code != 0) throw new IllegalStateException("mcp approve failed: " + code);
                }
                try (BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                    if (mode.equals("called")) llm.enqueueToolUse("t__echo", "{\"text\":\"bench\"}");
                    llm.enqueueText("ok");
                    d.turn("bench", "hello");
                    Thread.sleep(idle * 1000);
                    long server = ProcessHandle.of(d.pid()).map(p -> p.descendants().mapToLong(McpBench::rss).sum()).orElse(0L);
                    System.out.printf("mcp %-10s after 1 turn + %3d s idle: daemon RSS %6.1f MB; MCP server processes RSS %6.1f MB%n",
                            mode, idle, d.rssBytes() / 1048576.0, server / 1048576.0);
                }
            }
        }
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static long rss(ProcessHandle p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
