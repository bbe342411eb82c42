package io.blufio.cli;

import io.blufio.BlufioException;
import io.blufio.Redactor;
import io.blufio.Version;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code blufio} command. */
@Command(name = "blufio", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        header = "An always-on personal AI agent for a small server.",
        description = {"", "Run the daemon with 'blufio serve'; talk to it with 'blufio shell' or 'blufio api'."},
        footer = {"", "Examples:",
                "  blufio serve                                    run the daemon in the foreground",
                "  blufio api POST /v1/messages --data '{\"content\":\"hello\"}'",
                "  blufio shell                                    chat in the terminal",
                "  blufio device new laptop                        allow another device to call the API",
                "", "Exit codes: 0 ok, 1 failure, 2 usage, 3 not running (status), 75 data dir in use, 78 invalid configuration.",
                "Documentation: README.md"})
public final class Main implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** Runs blufio with {@code args} and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs blufio without exiting; returns the exit code. Tests call this with their own writers. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, System.in, out, err);
    }

    /** Runs blufio without exiting, reading standard input from {@code in} (set-secret's one line, in tests). */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        GlobalOptions global = new GlobalOptions(env, in);
        CommandLine cli = new CommandLine(new Main());
        cli.addMixin("global", global);
        cli.addSubcommand(new ServeCommand(global));
        cli.addSubcommand(new ApiCommand(global));
        cli.addSubcommand(new CommandLine(new DeviceCommand(global))
                .addSubcommand(new DeviceCommand.New(global)).addSubcommand(new DeviceCommand.ListDevices(global))
                .addSubcommand(new DeviceCommand.Revoke(global)).addSubcommand(new DeviceCommand.Export(global)));
        cli.addSubcommand(new ShellCommand(global));
        cli.addSubcommand(new CommandLine(new TelegramCommand())
                .addSubcommand(new TelegramCommand.Pending(global)).addSubcommand(new TelegramCommand.Approve(global)));
        cli.addSubcommand(ConfigCommand.commandLine(global));
        cli.addSubcommand(MemoryCommand.commandLine(global));
        cli.addSubcommand(ScheduleCommand.commandLine(global));
        cli.addSubcommand(McpCommand.commandLine(global));  // the SDK loads only when mcp-server runs or a server is probed
        cli.addSubcommand("mcp-server", new McpServerCommand(global));
        cli.addSubcommand(new StatusCommand(global));
        cli.addSubcommand(new DoctorCommand(global));
        cli.addSubcommand(new BackupCommand(global));
        cli.addSubcommand(new BackupCommand.RestoreCommand(global));
        cli.setOut(out).setErr(err);
        cli.setExpandAtFiles(false);  // `api --data @file` reads the file itself; picocli must not expand @file arguments
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof BlufioException be) {
                line.getErr().println("blufio: " + Redactor.redact(be.getMessage()));
                return ExitCodes.forCode(be.code());
            }
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            line.getErr().println(Redactor.redact("blufio: unexpected error: " + ex + "\n" + trace));
            return ExitCodes.FAILURE;
        });
        cli.setParameterExceptionHandler((ex, arguments) -> {  // an argument may be a pasted secret: mask it
            ex.getCommandLine().getErr().println("blufio: " + Redactor.redact(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Prints {@code blufio <version>} and the Java runtime. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"blufio " + Version.current(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
