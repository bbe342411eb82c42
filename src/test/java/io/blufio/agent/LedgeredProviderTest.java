package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.blufio.config.CostConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.OpenAiConfig;
import io.blufio.fixtures.FakeOpenAiServer;
import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.LlmException;
import io.blufio.llm.OpenAiProvider;
import io.blufio.llm.PriceTable;
import io.blufio.llm.StreamListener;
import io.blufio.store.Database;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import io.blufio.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Billing through a real provider on the OpenAI stand-in and a real ledger in SQLite. */
final class LedgeredProviderTest {
    @TempDir Path dir;
    private final FakeOpenAiServer server = new FakeOpenAiServer();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LedgeredProvider.class);
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"));
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void close() {
        logger.detachAppender(logs);
        db.close();
        server.close();
    }

    private LedgeredProvider provider() {
        var llm = new LlmConfig(LlmProvider.OPENAI, 30, 0, null, new OpenAiConfig(server.url(), FakeOpenAiServer.API_KEY, "gpt-5.4-mini", 256));
        var clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
        LedgerStore ledger = new LedgerStore(db);
        return new LedgeredProvider(new OpenAiProvider(llm), PriceTable.load(Optional.empty()), ledger,
                new BudgetGuard(ledger, new CostConfig(null, null, 80, null), clock), AgentEvents.NONE, clock, System::nanoTime);
    }

    private static ChatRequest ask(String text) {
        return new ChatRequest("sys", List.of(ChatMessage.user(text)), List.of());
    }

    private List<LedgerEntry> rows() {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT estimated, cost_usd, input_tokens FROM ledger ORDER BY id")) {
                List<LedgerEntry> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(new LedgerEntry(Instant.EPOCH, null, null, "openai", "m", "chat", rs.getLong(3), 0, 0, 0,
                            new java.math.BigDecimal(rs.getString(2)), rs.getInt(1) == 1));
                }
                return out;
            }
        });
    }

    @Test
    void chat_withoutUsage_billsAnEstimate_marksTheRows_andWarnsOncePerModel() {
        server.omitUsage(true);
        LedgeredProvider p = provider();

        p.chat(ask("one"), StreamListener.NONE);
        p.chat(ask("two"), StreamListener.NONE);

        assertThat(rows()).hasSize(2).allSatisfy(e -> {
            assertThat(e.estimated()).isTrue();
            assertThat(e.inputTokens()).isPositive();
            assertThat(e.costUsd()).isPositive();
        });
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("sent no token usage")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("gpt-5.4-mini", "estimated"));
    }

    @Test
    void chat_emptyAnswer_isStillBilled() {
        server.enqueueEmpty();

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider().chat(ask("x"), StreamListener.NONE));

        assertThat(e.code()).isEqualTo("llm_empty_answer");
        assertThat(rows()).singleElement().satisfies(r -> {
            assertThat(r.estimated()).isFalse();
            assertThat(r.costUsd()).isPositive();
        });
    }
}
