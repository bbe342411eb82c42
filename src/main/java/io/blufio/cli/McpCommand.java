package io.blufio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.BlufioException;
import io.blufio.config.LoadedConfig;
import io.blufio.config.McpServerConfig;
import io.blufio.ops.doctor.CheckResult;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.McpApprovalStore;
import io.blufio.tools.mcp.ListedTool;
import io.blufio.tools.mcp.McpHub;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blufio mcp list|approve}: the tools of the configured MCP servers and their approval pins (SPEC 14).
 * Each command starts (or reaches) the servers itself, lists their tools and stops them again, whether or not
 * the daemon runs; approvals go to the database, which a running daemon reads at its next turn.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, header = "List and approve the tools of MCP servers.",
        description = {"A tool of an [[mcp.servers]] server is offered to the model as SERVER__TOOL only once approved: the",
                "approval pins a hash of its name, description and input schema. When the server changes any of them the",
                "tool is withheld (WARN in the log, a failure in doctor) until approved again."},
        footer = {"", "Examples:", "  blufio mcp list", "  blufio mcp approve github            approve every tool github lists now",
                "  blufio mcp approve github get_issue  approve one tool"})
final class McpCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    @Spec CommandSpec spec;

    /** Returns {@code mcp} with {@code list} and {@code approve}. */
    static CommandLine commandLine(GlobalOptions global) {
        return new CommandLine(new McpCommand()).addSubcommand(new ListTools(global)).addSubcommand(new Approve(global));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Returns {@code loaded} with {@code ${vault:NAME}} references resolved (the vault is unlocked only when one is used). */
    static LoadedConfig withSecrets(GlobalOptions global, LoadedConfig loaded) {
        var r = SecretCommands.resolve(global, loaded, false);
        return new LoadedConfig(r.config(), loaded.file(), loaded.dataDir());
    }

    /** Probes every server of {@code servers} at once; each is bounded by its own timeout_s. */
    static List<McpHub.Probe> probeAll(List<McpServerConfig> servers, Map<String, String> env) {
        List<CompletableFuture<McpHub.Probe>> futures = new ArrayList<>();
        for (McpServerConfig s : servers) futures.add(CompletableFuture.supplyAsync(() -> McpHub.probe(s, env)));
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "Show each server's tools, their hashes and whether they are approved.")
    static final class ListTools implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "Print one JSON object {servers: [{name, transport, error, tools: [{name, model_name, hash, approved_hash, status, description}]}]}.")
        boolean json;
        private final GlobalOptions global;

        ListTools(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            LoadedConfig loaded = withSecrets(global, global.load());
            List<McpServerConfig> servers = loaded.config().mcp().servers();
            PrintWriter out = spec.commandLine().getOut();
            DataDir dir = new DataDir(loaded.dataDir()).create();
            boolean anyError = false;
            ObjectNode root = JSON.createObjectNode();
            ArrayNode arr = root.putArray("servers");
            try (Database db = Database.open(dir.database())) {
                McpApprovalStore store = new McpApprovalStore(db);
                if (servers.isEmpty() && !json) out.println("no MCP servers configured (add [[mcp.servers]] tables to the config file; see README, MCP)");
                for (McpHub.Probe p : probeAll(servers, global.env())) {
                    McpServerConfig cfg = loaded.config().mcp().server(p.server());
                    Map<String, String> pins = store.approved(p.server());
                    ObjectNode sn = arr.addObject().put("name", p.server()).put("transport", cfg.stdio() ? "stdio" : "http").put("error", p.error());
                    ArrayNode tools = sn.putArray("tools");
                    if (!json) out.println(p.server() + " (" + (cfg.stdio() ? "stdio: " + cfg.command() : cfg.url()) + ")"
                            + (p.error() == null ? "" : ": unreachable: " + p.error()));
                    anyError |= p.error() != null;
                    for (ListedTool t : p.tools()) {
                        String status = McpHub.verdict(cfg, t, pins);
                        tools.addObject().put("name", t.name()).put("model_name", p.server() + "__" + t.name()).put("hash", t.hash())
                                .put("approved_hash", pins.get(t.name())).put("status", status).put("description", t.description());
                        if (!json) out.println("  " + Style.pad(status, 12) + Style.pad(t.name(), 24) + "sha256:" + t.hash().substring(0, 16)
                                + "  " + firstLine(t.description()));
                    }
                }
            }
            if (json) out.println(root.toString());
            out.flush();
            return anyError ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, header = "Approve tools of a server as they are now (pins their hashes).",
            description = {"Without TOOL, approves every tool the server lists now (those in enabled_tools when it is set)."})
    static final class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SERVER", description = "The name of an [[mcp.servers]] table.") String server;
        @Parameters(index = "1..*", paramLabel = "TOOL", description = "Tool names as the server lists them (no SERVER__ prefix).") List<String> names;
        private final GlobalOptions global;

        Approve(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            LoadedConfig loaded = withSecrets(global, global.load());
            McpServerConfig cfg = loaded.config().mcp().server(server);
            if (cfg == null) {
                List<String> known = loaded.config().mcp().servers().stream().map(McpServerConfig::name).toList();
                throw new BlufioException("mcp_unknown_server", "no [[mcp.servers]] table is named \"" + server + "\""
                        + (known.isEmpty() ? "; none is configured" : "; configured: " + String.join(", ", known)));
            }
            McpHub.Probe p = McpHub.probe(cfg, global.env());
            if (p.error() != null) throw new BlufioException("mcp_unreachable", "MCP server " + server + " is unreachable: " + p.error());
            List<ListedTool> chosen = new ArrayList<>();
            if (names == null || names.isEmpty()) {
                for (ListedTool t : p.tools()) if (cfg.enabledTools() == null || cfg.enabledTools().contains(t.name())) chosen.add(t);
            } else {
                for (String n : names) {
                    ListedTool t = p.tools().stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow(() -> new BlufioException("mcp_unknown_tool",
                            "server " + server + " has no tool named \"" + n + "\"; it lists: " + String.join(", ", p.tools().stream().map(ListedTool::name).toList())));
                    chosen.add(t);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            DataDir dir = new DataDir(loaded.dataDir()).create();
            try (Database db = Database.open(dir.database())) {
                McpApprovalStore store = new McpApprovalStore(db);
                for (ListedTool t : chosen) {
                    store.approve(server, t.name(), t.hash(), Clock.systemUTC().instant());
                    out.println("approved " + server + "__" + t.name() + " (sha256:" + t.hash().substring(0, 16) + ")"
                            + (cfg.enabledTools() != null && !cfg.enabledTools().contains(t.name()) ? "; not in enabled_tools, so still not offered" : ""));
                }
            }
            if (chosen.isEmpty()) out.println("server " + server + " lists no tool to approve");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * The doctor checks of the MCP servers, one per server: fails when it is unreachable or a tool changed since its
     * approval (naming the tool and the command that approves it again); warns for tools listed in enabled_tools but
     * never approved.
     */
    static List<CheckResult> doctorChecks(GlobalOptions global, LoadedConfig loaded, java.util.function.Supplier<Database> database) {
        List<McpServerConfig> servers = loaded.config().mcp().servers();
        if (servers.isEmpty()) return List.of();
        Database db;
        try {
            db = database.get();
        } catch (RuntimeException e) {  // the data dir checks say why; without approvals every tool counts as unapproved
            db = null;
        }
        List<CheckResult> out = new ArrayList<>();
        LoadedConfig resolved;
        try {
            resolved = withSecrets(global, loaded);
        } catch (BlufioException e) {  // a locked vault: servers that need an entry fail below, naming it
            out.add(CheckResult.warn("mcp secrets", "${vault:...} references not resolved: " + e.getMessage(),
                    "set BLUFIO_VAULT_KEY to the vault passphrase when running doctor"));
            resolved = loaded;
        }
        McpApprovalStore store = db == null ? null : new McpApprovalStore(db);
        for (McpHub.Probe p : probeAll(resolved.config().mcp().servers(), global.env())) {
            String name = "mcp " + p.server();
            if (p.error() != null) {
                out.add(CheckResult.fail(name, "unreachable: " + p.error(), "check command/url of [[mcp.servers]] " + p.server() + "; only its tools are affected"));
                continue;
            }
            McpServerConfig cfg = resolved.config().mcp().server(p.server());
            Map<String, String> pins = store == null ? Map.of() : store.approved(p.server());
            List<String> changed = new ArrayList<>();
            List<String> unapproved = new ArrayList<>();
            int approved = 0;
            for (ListedTool t : p.tools()) {
                switch (McpHub.verdict(cfg, t, pins)) {
                    case "changed" -> changed.add(t.name());
                    case "unapproved" -> unapproved.add(t.name());
                    case "approved" -> approved++;
                    default -> { }
                }
            }
            if (!changed.isEmpty()) {
                out.add(CheckResult.fail(name, "tool(s) changed since approval, withheld from the model: " + String.join(", ", changed),
                        "review them (blufio mcp list), then: blufio mcp approve " + p.server() + " " + String.join(" ", changed)));
            } else if (cfg.enabledTools() != null && !unapproved.isEmpty()) {
                out.add(CheckResult.warn(name, approved + " tool(s) approved; not approved yet: " + String.join(", ", unapproved),
                        "blufio mcp approve " + p.server() + " " + String.join(" ", unapproved)));
            } else {
                out.add(CheckResult.ok(name, "reachable; " + approved + " of " + p.tools().size() + " tool(s) approved and offered"));
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 70 ? line.substring(0, 67) + "..." : line;
    }
}
