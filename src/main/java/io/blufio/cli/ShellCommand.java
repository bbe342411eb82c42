package io.blufio.cli;

import io.blufio.app.App;
import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.BlufioException;
import io.blufio.agent.Inbound;
import io.blufio.agent.TurnObserver;
import io.blufio.agent.TurnResult;
import io.blufio.channel.gateway.Request;
import io.blufio.config.LoadedConfig;
import io.blufio.llm.Usage;
import io.blufio.store.DataDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code blufio shell}: an interactive chat in the terminal, session {@code cli:local}. */
@Command(name = "shell", mixinStandardHelpOptions = true, header = "Chat with the agent in the terminal (session cli:local).",
        description = {"Talks to the running daemon through its API; when no daemon runs, opens the data dir itself.",
                "Answers stream as they are written. Line editing and history (<data dir>/shell_history).",
                "Commands: /new starts a fresh session, /cost shows this shell's tokens and cost, /quit leaves (or Ctrl-D)."})
final class ShellCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    private final GlobalOptions global;
    private String session = "cli:local";
    private Usage usage = Usage.ZERO;
    private double cost;

    ShellCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded = global.load();
        DataDir dir = new DataDir(loaded.dataDir()).create();
        PrintWriter out = spec.commandLine().getOut();
        Optional<ApiClient> client = ApiClient.forRunningDaemon(dir);
        if (client.isEmpty()) Logging.level(io.blufio.config.LogLevel.ERROR);  // turn errors are shown inline; keep WARN lines off the prompt
        App local = client.isPresent() ? null : App.start(SecretCommands.forStart(global, loaded, io.blufio.store.DataDir.SHELL), false);
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("blufio")
                    .variable(LineReader.HISTORY_FILE, dir.root().resolve("shell_history")).build();
            out.println("blufio shell (" + (local == null ? "through the running daemon" : "data dir " + dir.root())
                    + "); /new, /cost, /quit");
            while (true) {
                String line;
                try {
                    line = reader.readLine("> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                line = line.strip();
                if (line.isEmpty()) continue;
                if (line.equals("/quit") || line.equals("/exit")) break;
                if (line.equals("/new")) {
                    session = "cli:local-" + System.currentTimeMillis() / 1000;
                    out.println("(new session " + session + ")");
                    continue;
                }
                if (line.equals("/cost")) {
                    out.printf("(this shell: %d input, %d output, %d cache read, %d cache write tokens; $%.4f)%n",
                            usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens(), cost);
                    continue;
                }
                if (line.startsWith("/") && !line.startsWith("//")) {
                    out.println("(unknown command " + line.split("\\s+")[0] + "; commands: /new, /cost, /quit; start a message with // to send a leading /)");
                    continue;
                }
                if (line.startsWith("//")) line = line.substring(1);
                try {
                    if (local != null) turnLocal(local, line, out);
                    else turnRemote(client.get(), line, out);
                } catch (BlufioException e) {
                    out.println();
                    out.println("error: " + e.getMessage());
                }
                out.flush();
            }
        } finally {
            if (local != null) local.close();
        }
        return ExitCodes.OK;
    }

    private void turnLocal(App daemon, String text, PrintWriter out) throws Exception {
        CompletableFuture<TurnResult> done = new CompletableFuture<>();
        daemon.agent().submit(new Inbound("cli", null, session, "local", text), new TurnObserver() {
            @Override
            public void onText(String delta) {
                out.print(delta);
                out.flush();
            }

            @Override
            public void onTool(String name, String status) {
                if (status.equals("running")) out.print("[" + name + "] ");
                out.flush();
            }

            @Override
            public void onDone(TurnResult result) {
                done.complete(result);
            }

            @Override
            public void onError(BlufioException error) {
                done.completeExceptionally(error);
            }
        });
        try {
            TurnResult r = done.get();
            usage = usage.plus(r.usage());
            cost += r.costUsd();
            out.println();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BlufioException be) throw be;
            throw e;
        }
    }

    private void turnRemote(ApiClient client, String text, PrintWriter out) throws Exception {
        byte[] body = Request.JSON.writeValueAsBytes(Map.of("content", text, "session", session));
        ApiClient.Response res = client.send("POST", "/v1/messages", body, Map.of("Accept", "text/event-stream"), Duration.ofMinutes(30));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            if (res.statusCode() != 200) {
                JsonNode err = Request.JSON.readTree(in);
                throw new BlufioException(err.path("error").path("code").asText("error"), err.path("error").path("message").asText("HTTP " + res.statusCode()));
            }
            String event = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && event != null) {
                    JsonNode data = Request.JSON.readTree(line.substring(6));
                    switch (event) {
                        case "delta" -> out.print(data.path("text").asText());
                        case "tool" -> {
                            if (data.path("status").asText().equals("running")) out.print("[" + data.path("name").asText() + "] ");
                        }
                        case "done" -> {
                            TurnResult done = TurnResult.fromJson(0, data);
                            usage = usage.plus(done.usage());
                            cost += done.costUsd();
                        }
                        case "error" -> throw new BlufioException(data.path("code").asText(), data.path("message").asText());
                        default -> { }
                    }
                    out.flush();
                }
            }
            out.println();
        }
    }
}
