package io.blufio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one table of error codes: stable strings, the statuses and exit codes the API and CLI answered before it. */
final class ErrorCodeTest {
    @Test
    void codes_areSnakeCase_unique_andNamedLikeTheirConstant() {
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(c.code()).matches("[a-z][a-z0-9_]*").isEqualTo(c.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(c.userMessage()).isNotBlank().endsWith(".");
            assertThat(ErrorCode.find(c.code())).contains(c);
        }
    }

    @Test
    void exitCodes_areTheSpecsAndTheOnesTheCliUsedBefore() {
        for (String config : List.of("config_invalid", "vault_locked", "vault_passphrase", "vault_corrupt", "vault_entry_invalid",
                "gateway_remote_refused", "model_unpriced", "pricing_invalid")) {
            assertThat(ErrorCode.exitCodeOf(config)).as(config).isEqualTo(78);
        }
        assertThat(ErrorCode.exitCodeOf("data_dir_locked")).isEqualTo(75);
        assertThat(ErrorCode.exitCodeOf("usage")).isEqualTo(2);
        assertThat(ErrorCode.exitCodeOf("schedule_invalid")).isEqualTo(2);
        assertThat(ErrorCode.exitCodeOf("store_error")).isEqualTo(1);
        assertThat(ErrorCode.exitCodeOf("not_in_the_table")).isEqualTo(1);
        assertThat(ErrorCode.values()).allMatch(c -> List.of(1, 2, 75, 78).contains(c.exitCode()));
    }

    @Test
    void httpStatuses_ofTurnErrors_areTheOnesTheGatewayAnsweredBefore() {
        assertThat(ErrorCode.httpStatusOf("llm_auth")).isEqualTo(502);
        assertThat(ErrorCode.httpStatusOf("llm_some_future_code")).isEqualTo(502);
        assertThat(ErrorCode.httpStatusOf("llm_timeout")).isEqualTo(504);
        assertThat(ErrorCode.httpStatusOf("budget_exhausted")).isEqualTo(429);
        assertThat(ErrorCode.httpStatusOf("rate_limited")).isEqualTo(429);
        for (String unavailable : List.of("shutting_down", "memory_pressure", "budget_unavailable")) {
            assertThat(ErrorCode.httpStatusOf(unavailable)).as(unavailable).isEqualTo(503);
        }
        assertThat(ErrorCode.httpStatusOf("disk_full")).isEqualTo(507);
        assertThat(ErrorCode.httpStatusOf("turn_timeout")).isEqualTo(504);
        assertThat(ErrorCode.httpStatusOf("internal")).isEqualTo(500);
        assertThat(ErrorCode.httpStatusOf("dead_letter")).isEqualTo(500);
        assertThat(ErrorCode.httpStatusOf("not_in_the_table")).isEqualTo(500);
    }

    /** A code spelled as a string at a throw site (e.g. code merged from another branch) must at least be in the table. */
    @Test
    void everyCodeSpelledAtAThrowSite_isInTheTable() throws IOException {
        Pattern site = Pattern.compile("(?:new [A-Za-z]*(?:Exception|Error|Refusal)\\((?:\\d+, )?|super\\()\"([a-z][a-z0-9_]*)\"");
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = site.matcher(Files.readString(f));
                while (m.find()) if (ErrorCode.find(m.group(1)).isEmpty()) unknown.add(f.getFileName() + ": " + m.group(1));
            }
        }
        assertThat(unknown).as("codes missing from io.blufio.ErrorCode").isEmpty();
    }
}
