package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.BlufioException;
import io.blufio.ErrorCode;
import io.blufio.config.ConfigKeys;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code hint:} line under a command's error: the table's sentence, when it names a step the message lacks. */
final class ErrorHintTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    private Run run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", tmp.toString(), "BLUFIO_DATA_DIR", tmp.resolve("data").toString()));
        env.putAll(extraEnv);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void status_withABadSetting_exit78_printsTheProblemThenTheHint() {
        Run r = run(Map.of("BLUFIO_GATEWAY__PORT", "70000"), "status");

        assertThat(r.code()).as(r.err()).isEqualTo(78);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("blufio: ").contains("gateway.port", "70000");
            assertThat(lines.get(1)).isEqualTo("hint: " + ErrorCode.CONFIG_INVALID.userMessage())
                    .contains("`blufio config validate`");
        });
    }

    @Test
    void api_withNoDaemon_oneLine_theMessageAlreadyNamesBlufioServe() {
        Run r = run(Map.of(), "api", "GET", "/v1/health");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("blufio: no daemon is running for data dir").contains("'blufio serve'")
                .doesNotContain("hint:");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void of_messageWithoutTheStep_givesTheSentence() {
        var e = new BlufioException(ErrorCode.DAEMON_UNREACHABLE, "request to the daemon at http://127.0.0.1:3000 failed: reset");
        assertThat(ErrorHint.of(e)).contains("hint: The daemon did not answer on its gateway; check `blufio status` and the daemon log.");
    }

    @Test
    void of_messageNamingAStep_sentenceWithoutOne_usage_unknownCode_noHint() {
        assertThat(ErrorHint.of(new BlufioException(ErrorCode.GATEWAY_BIND, "cannot listen on 127.0.0.1:3000 (set gateway.port)"))).isEmpty();
        assertThat(ErrorHint.of(new BlufioException(ErrorCode.STORE_ERROR, "database read failed: SQLITE_IOERR"))).isEmpty();
        assertThat(ErrorHint.of(new BlufioException(ErrorCode.USAGE, "the value is blank; nothing was stored"))).isEmpty();
        assertThat(ErrorHint.of(new BlufioException("no_such_code", "something"))).isEmpty();
    }

    @Test
    void everyStepTheTableNames_isARealCommandOrKey() {
        CommandLine root = Main.commandLine(new GlobalOptions(Map.of("HOME", tmp.toString())));
        for (ErrorCode code : ErrorCode.values()) {
            for (String step : ErrorHint.steps(code.userMessage())) {
                if (step.startsWith("blufio ")) {
                    CommandLine cl = root;
                    for (String word : Arrays.asList(step.substring("blufio ".length()).split(" "))) {
                        cl = cl.getSubcommands().get(word);
                        assertThat(cl).as(code + ": " + step).isNotNull();
                    }
                } else if (step.matches("\\[*[a-z_]+(\\.[a-z_]+)+]*")) {
                    assertThat(ConfigKeys.isKey(step.replaceAll("[\\[\\]]", ""))).as(code + ": " + step).isTrue();
                }
            }
        }
        assertThat(List.of(ErrorCode.values())).noneMatch(c -> c.userMessage().contains("config check"));
    }
}
