package io.blufio.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code blufio mcp-server}: blufio as an MCP server on stdio (SPEC 14), for MCP clients such as desktop assistants
 * and IDEs; the work is in {@link McpStdioServer}, so picocli's scan of this class loads nothing of the MCP SDK.
 */
@Command(name = "mcp-server", mixinStandardHelpOptions = true, header = "Serve blufio's memory and agent to MCP clients over stdio.",
        description = {"Tools: memory_search {query, limit?}, memory_save {text}, send_message {content, session?}",
                "(send_message needs the daemon: blufio serve). Runs until its standard input closes."},
        footer = {"", "Examples:", "  blufio mcp-server                      (run by an MCP client, not by hand)", "  blufio --data-dir /var/lib/blufio mcp-server", "", "An MCP client entry: {\"command\": \"blufio\", \"args\": [\"mcp-server\"]}"})
final class McpServerCommand implements Callable<Integer> {
    private final GlobalOptions global;
    private final InputStream in;
    private final OutputStream out;

    McpServerCommand(GlobalOptions global) {
        this(global, System.in, System.out);
    }

    McpServerCommand(GlobalOptions global, InputStream in, OutputStream out) {
        this.global = global;
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        new McpStdioServer(global.load(), in, out).run();
        return ExitCodes.OK;
    }
}
