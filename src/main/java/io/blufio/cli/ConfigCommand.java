package io.blufio.cli;

import io.blufio.config.ConfigLoader;
import io.blufio.config.ConfigProblem;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code blufio config ...}: inspect the configuration. */
@Command(name = "config", mixinStandardHelpOptions = true, header = "Inspect and validate the configuration.",
        subcommands = {})
final class ConfigCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    private final GlobalOptions global;

    ConfigCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "path", mixinStandardHelpOptions = true, header = "Print which config file and data dir are in use.")
    int path() {
        var loaded = global.load();
        var out = spec.commandLine().getOut();
        out.println("config file: " + loaded.file().map(Object::toString).orElse("(none: defaults)"));
        out.println("data dir:    " + loaded.dataDir());
        return ExitCodes.OK;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            header = "Check the config file and BLUFIO_* variables; print every problem with file, line and a fix.")
    int validate() {
        var v = ConfigLoader.validate(Optional.ofNullable(global.config), Optional.ofNullable(global.dataDir), global.env());
        if (v.problems().isEmpty()) {
            spec.commandLine().getOut().println("ok: " + v.file().map(Object::toString).orElse("no config file (defaults)") + " is valid");
            return ExitCodes.OK;
        }
        for (ConfigProblem p : v.problems()) spec.commandLine().getErr().println(p.render());
        return ExitCodes.CONFIG;
    }
}
