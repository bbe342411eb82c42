package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema 6 moves the replies an older blufio had not marked sent into the outbox, once. */
final class OutboxMigrationTest {
    @TempDir Path tmp;

    @Test
    void upgrade_movesUnsentTelegramReplies_intoTheOutbox_andLeavesSentOnesAndApiTurnsAlone() throws Exception {
        Path file = tmp.resolve("blufio.db");
        try (Database db = Database.open(file)) {
            InboxStore inbox = new InboxStore(db);
            Instant now = Instant.parse("2026-01-05T10:00:00Z");
            long unsent = inbox.accept("telegram", "7", "telegram:42", "42", "q1", now).orElseThrow();
            long sent = inbox.accept("telegram", "8", "telegram:42", "42", "q2", now).orElseThrow();
            long failed = inbox.accept("telegram", "9", "telegram:42", "42", "q3", now).orElseThrow();
            long api = inbox.accept("api", null, "api:cli", "cli", "q4", now).orElseThrow();
            db.write(c -> {
                inbox.finish(c, unsent, "done", "{\"content\": \"the answer\"}", now);
                inbox.finish(c, sent, "done", "{\"content\": \"already sent\"}", now);
                inbox.finish(c, failed, "failed", "{\"code\": \"llm_error\", \"message\": \"the model failed\"}", now);
                inbox.finish(c, api, "done", "{\"content\": \"api answer\"}", now);
                try (Statement st = c.createStatement()) {
                    st.execute("UPDATE inbox SET reply_sent = 1 WHERE id = " + sent);
                    st.execute("DROP TABLE outbox_parts");
                    st.execute("DROP TABLE outbox");
                    // as an older blufio left it (schema 5), then schema 6 alone, as the upgrade runs it (later
                    // schemas are already in place here and are not run again)
                    for (String stmt : Migrations.splitStatements(Migrations.load("V6.sql"))) st.execute(stmt);
                }
                return null;
            });
        }
        try (Database db = Database.open(file)) {
            OutboxStore outbox = new OutboxStore(db);
            List<OutboxRow> open = outbox.open("telegram", 10);
            assertThat(open).extracting(OutboxRow::text).containsExactly("the answer", "the model failed");
            assertThat(open).extracting(OutboxRow::error).containsExactly(false, true);
            assertThat(open).allMatch(r -> r.state() == ReplyState.PENDING && r.sessionKey().equals("telegram:42"));
            assertThat(outbox.open("api", 10)).isEmpty();
        }
    }
}
