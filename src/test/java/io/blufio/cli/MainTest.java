package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command registry of {@link Main}: only the command being run is built, the others still show in help. */
final class MainTest {
    @Test
    void everyListedCommand_isBuiltByItsName_asItsOwnClass() {
        GlobalOptions global = new GlobalOptions(Map.of());
        for (Class<?> type : Main.SUBCOMMANDS) {
            String name = type.getAnnotation(Command.class).name();
            Object built = Main.build(name, global);
            Object user = built instanceof CommandLine cl ? cl.getCommand() : built;
            assertThat(user).as(name).isInstanceOf(type);
        }
    }

    @Test
    void subcommandName_skipsGlobalOptionsAndTheirValues() {
        assertThat(Main.subcommandName(new String[] {"--version"})).isNull();
        assertThat(Main.subcommandName(new String[] {})).isNull();
        assertThat(Main.subcommandName(new String[] {"--data-dir", "status", "api", "GET", "/"})).isEqualTo("api");
        assertThat(Main.subcommandName(new String[] {"--plain", "--config", "x.toml", "status", "--json"})).isEqualTo("status");
        assertThat(Main.subcommandName(new String[] {"--config=x.toml", "doctor"})).isEqualTo("doctor");
    }

    @Test
    void help_listsEveryCommand_andAnUnknownOneGetsASuggestion() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new String[] {"--help"}, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        for (Class<?> type : Main.SUBCOMMANDS) {
            Command c = type.getAnnotation(Command.class);
            assertThat(out.toString()).contains(c.name()).contains(c.header()[0].substring(0, 20));
        }
        StringWriter err2 = new StringWriter();
        assertThat(Main.run(new String[] {"stauts"}, Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true)))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err2.toString()).contains("status");
    }
}
