package io.blufio.cli;

import io.blufio.BlufioException;
import io.blufio.Redactor;
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
        // picocli's DefaultFactory looks for groovy.lang.Closure when first used: a class that is nowhere, so the
        // lookup opens every jar of the class path (22 ms of --help; picocli's own switch)
        System.setProperty("picocli.disable.closures", "true");
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the one call scripts make in a loop: printed without building the command line (the help model of
            // every command: tens of milliseconds of reflection)
            for (String line : VersionText.lines()) System.out.println(line);
            end(ExitCodes.OK, null, null, null);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        end(run(args, System.getenv(), out, err), subcommandName(args), out, err);
    }

    /**
     * The commands that end with {@link System#exit}: those that live on, and backup and restore, whose clean-up
     * hook may still be running when a signal ended the copy (exit waits for it; halt would cut it off).
     */
    private static final java.util.Set<String> EXIT_NORMALLY = java.util.Set.of("serve", "shell", "mcp-server", "backup", "restore");

    /**
     * Ends the JVM with {@code code}. A short command halts once its output is flushed: {@link Runtime#exit} first
     * asks {@code System.LoggerFinder} whether to log the exit (JDK 21+, JDK-8301627), and finding one is a
     * {@link java.util.ServiceLoader} lookup that opens every jar of the class path (47 of them): about 25 ms of
     * each call, a quarter of {@code --version} (bench/README.md, issue 14). Nothing needs the shutdown sequence
     * then: no other command installs a shutdown hook, and no file is deleted on exit. {@link #EXIT_NORMALLY}
     * commands exit normally.
     */
    private static void end(int code, String command, PrintWriter out, PrintWriter err) {
        if (command != null && EXIT_NORMALLY.contains(command)) System.exit(code);
        if (out != null) out.flush();
        if (err != null) err.flush();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** Runs blufio without exiting; returns the exit code. Tests call this with their own writers. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, System.in, out, err);
    }

    /** Runs blufio without exiting, reading standard input from {@code in} (set-secret's one line, in tests). */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        GlobalOptions global = new GlobalOptions(env, in);
        CommandLine cli = commandLine(global, subcommandName(args));
        cli.setOut(out).setErr(err);
        cli.setExpandAtFiles(false);  // `api --data @file` reads the file itself; picocli must not expand @file arguments
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof BlufioException be) {
                line.getErr().println("blufio: " + Redactor.redact(be.getMessage()));
                ErrorHint.of(be).ifPresent(line.getErr()::println);  // the table's sentence, when it names a step the message lacks
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
            CommandLine cl = ex.getCommandLine();  // the synopsis, not the whole manual: --help has options and examples
            cl.getErr().print(cl.getHelp().synopsis(0));
            cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /** Returns the whole command tree, every command built with {@code global}, examples added (tests, --help checks). */
    static CommandLine commandLine(GlobalOptions global) {
        CommandLine cli = new CommandLine(new Main());
        cli.addMixin("global", global);
        for (Class<?> type : SUBCOMMANDS) {
            String name = type.getAnnotation(Command.class).name();
            cli.addSubcommand(name, build(name, global));
        }
        Examples.addTo(cli);
        return cli;
    }

    /**
     * Returns the command tree for one run: only the command {@code chosen} is built (with its examples); the
     * others are listed for --help and suggestions from their annotation, without running their static
     * initialisers (ObjectMapper, Logback, ...). {@code chosen} null ({@code --version}, {@code --help}) builds none.
     */
    static CommandLine commandLine(GlobalOptions global, String chosen) {
        CommandLine cli = new CommandLine(new Main());
        cli.addMixin("global", global);
        for (Class<?> type : SUBCOMMANDS) {
            Command c = type.getAnnotation(Command.class);
            if (c.name().equals(chosen)) {
                CommandLine sub = cli.addSubcommand(c.name(), build(c.name(), global)).getSubcommands().get(c.name());
                Examples.addTo(sub, c.name());
            } else {
                CommandSpec stub = CommandSpec.create().name(c.name()).aliases(c.aliases());
                stub.usageMessage().header(c.header()).description(c.description());
                cli.addSubcommand(c.name(), stub);
            }
        }
        return cli;
    }

    /**
     * The top-level commands, in help order. Adding one: its class here and its construction in {@link #build}
     * (MainTest checks that the two agree).
     */
    static final Class<?>[] SUBCOMMANDS = {ServeCommand.class, ApiCommand.class, DeviceCommand.class, ShellCommand.class,
        TelegramCommand.class, ConfigCommand.class, MemoryCommand.class, ScheduleCommand.class, McpCommand.class,
        McpServerCommand.class, StatusCommand.class, DoctorCommand.class,
        BackupCommand.class, BackupCommand.RestoreCommand.class};

    /** Builds the top-level command {@code name} (a user object or a {@link CommandLine} with its subcommands). */
    static Object build(String name, GlobalOptions global) {
        return switch (name) {
            case "serve" -> new ServeCommand(global);
            case "api" -> new ApiCommand(global);
            case "device" -> new CommandLine(new DeviceCommand(global))
                    .addSubcommand(new DeviceCommand.New(global)).addSubcommand(new DeviceCommand.ListDevices(global))
                    .addSubcommand(new DeviceCommand.Revoke(global)).addSubcommand(new DeviceCommand.Export(global));
            case "shell" -> new ShellCommand(global);
            case "telegram" -> new CommandLine(new TelegramCommand())
                    .addSubcommand(new TelegramCommand.Pending(global)).addSubcommand(new TelegramCommand.Approve(global));
            case "config" -> ConfigCommand.commandLine(global);
            case "memory" -> MemoryCommand.commandLine(global);
            case "schedule" -> ScheduleCommand.commandLine(global);
            case "mcp" -> McpCommand.commandLine(global);  // the SDK loads only when mcp-server runs or a server is probed
            case "mcp-server" -> new McpServerCommand(global);
            case "status" -> new StatusCommand(global);
            case "doctor" -> new DoctorCommand(global);
            case "backup" -> new BackupCommand(global);
            case "restore" -> new BackupCommand.RestoreCommand(global);
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * Returns the first argument that names a command (skipping global options and the values of
     * {@code --config} and {@code --data-dir}), or null when there is none ({@code --version}, {@code --help}).
     */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") || a.equals("--data-dir")) {
                i++;
            } else if (a.equals("--")) {
                return i + 1 < args.length ? args[i + 1] : null;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
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
            return VersionText.lines();
        }
    }
}
