package io.blufio.cli;

import io.blufio.app.TelegramStorage;
import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.channel.telegram.TelegramState;
import io.blufio.store.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TelegramCommandTest {
    @TempDir Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, Map.of("HOME", tmp.toString(), "BLUFIO_DATA_DIR", tmp.resolve("data").toString()),
                new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void pendingAndApprove_workOnTheDatabaseWithoutADaemon() {
        assertThat(run("telegram", "pending")).isZero();
        assertThat(out.toString()).contains("no pending pairing requests");
        String code;
        try (Database db = Database.open(tmp.resolve("data/blufio.db"))) {
            code = new TelegramState(new TelegramStorage(db), Clock.systemUTC()).issuePairingCode(555, "newbie", "New Bie").orElseThrow();
        }
        assertThat(run("telegram", "pending", "--json")).isZero();
        assertThat(out.toString()).contains("\"code\" : \"" + code + "\"").contains("\"user_id\" : 555").contains("newbie");
        assertThat(run("telegram", "pending")).isZero();
        assertThat(out.toString()).contains(code).contains("@newbie").contains("blufio telegram approve CODE");

        assertThat(run("telegram", "approve", "NOPE1234")).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("no pending pairing request has code NOPE1234").contains("blufio telegram pending");
        assertThat(run("telegram", "approve", code.toLowerCase(), "--json")).isZero();
        assertThat(out.toString()).contains("\"approved\" : true").contains("555");
        try (Database db = Database.open(tmp.resolve("data/blufio.db"))) {
            assertThat(new TelegramState(new TelegramStorage(db), Clock.systemUTC()).isPaired(555)).isTrue();
        }
    }
}
