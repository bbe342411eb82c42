package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.config.AnthropicConfig;
import io.blufio.config.CostConfig;
import io.blufio.config.HeartbeatConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.llm.PriceTable;
import io.blufio.llm.Providers;
import io.blufio.store.Database;
import io.blufio.store.LedgerStore;
import io.blufio.store.Session;
import io.blufio.store.SessionStore;
import io.blufio.testing.MutableClock;
import io.blufio.tools.ToolRegistry;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats over a real agent, real SQLite and the Anthropic adapter talking to the loopback stand-in;
 * the clock is moved by the test and passes are run by hand.
 */
final class HeartbeatsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    private FakeAnthropicServer llm;
    private Database db;
    private Agent agent;
    private LedgeredProvider provider;

    @BeforeEach
    void start() {
        llm = new FakeAnthropicServer();
        db = Database.open(dir.resolve("t.db"));
        LlmConfig cfg = new LlmConfig(LlmProvider.ANTHROPIC, 10, 0, new AnthropicConfig(llm.url(), FakeAnthropicServer.API_KEY, null, null, null), null);
        LedgerStore ledger = new LedgerStore(db);
        provider = new LedgeredProvider(Providers.create(cfg), PriceTable.load(Optional.empty()), ledger,
                new BudgetGuard(ledger, new CostConfig(null, null, 80, null), clock), AgentEvents.NONE, clock, System::nanoTime);
        agent = new Agent(db, provider, new ToolRegistry(List.of()), "You are a test.", 10, 4, 8, clock);
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
        db.close();
        llm.close();
    }

    private Heartbeats heartbeats(double monthlyBudgetUsd) {
        return new Heartbeats(db, provider, "You are a test.", List.of(), new HeartbeatConfig(true, 3600, null, monthlyBudgetUsd, 7),
                ZoneId.of("Europe/Paris"), clock, in -> agent.submit(in, TurnObserver.NONE), Scheduler.Waiter.SYSTEM);
    }

    private void userSays(String text, String reply) {
        llm.enqueueText(reply);
        agent.submit(new Inbound("api", null, "api:phone", "phone", text), TurnObserver.NONE);
        await().atMost(WAIT).until(() -> agent.inboxDepth() == 0);
    }

    private List<String> features() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT feature FROM ledger ORDER BY id")) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    private List<String> history() {
        Session s = new SessionStore(db).byKey("api:phone").orElseThrow();
        return new Conversations(db).history(s.id(), 50, 0).reversed().stream().map(h -> h.role() + ": " + h.text()).toList();
    }

    @Test
    void nothingNew_makesNoModelCall_aNewDayDoes_andAMessageIsDeliveredWithoutASecondCall() {
        userSays("my dentist appointment is tomorrow at 10", "Noted.");
        Heartbeats hb = heartbeats(1.0);
        llm.enqueueText(Heartbeats.SENTINEL);
        assertThat(hb.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("quiet");
        assertThat(llm.requests()).hasSize(2);
        assertThat(llm.lastRequest().body().toString()).contains("Heartbeat check at").contains("my dentist appointment");

        clock.advance(Duration.ofHours(1));
        assertThat(hb.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("unchanged");
        clock.advance(Duration.ofHours(1));
        assertThat(hb.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("unchanged");
        assertThat(llm.requests()).hasSize(2);  // no model call for an unchanged session

        clock.advance(Duration.ofDays(1));      // a new local date changes the hash
        llm.enqueueText("Your dentist appointment is at 10 today.");
        assertThat(hb.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("message");
        await().atMost(WAIT).until(() -> history().contains("assistant: Your dentist appointment is at 10 today."));
        assertThat(llm.requests()).hasSize(3);  // delivering the message costs no second call
        assertThat(history()).containsSubsequence("user: " + Heartbeats.CHECK_IN, "assistant: Your dentist appointment is at 10 today.");
        assertThat(hb.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("unchanged");  // its own message is nothing new
        assertThat(features()).containsExactly("chat", "heartbeat", "heartbeat");
    }

    @Test
    void spentBudget_makesNoModelCall_andIdleSessionsAreNotChecked() {
        userSays("hello", "Hi.");
        llm.enqueueText(Heartbeats.SENTINEL);
        assertThat(heartbeats(1.0).runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("quiet");
        java.math.BigDecimal spent = new io.blufio.store.HeartbeatStore(db).spent(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(spent).isPositive();

        userSays("anything new?", "No.");
        int calls = llm.requests().size();
        Heartbeats atLimit = heartbeats(spent.doubleValue());   // the month's heartbeat spend equals heartbeat.monthly_budget_usd
        assertThat(atLimit.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("budget");
        assertThat(atLimit.runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("budget");
        assertThat(llm.requests()).hasSize(calls);
        llm.enqueueText(Heartbeats.SENTINEL);
        assertThat(heartbeats(spent.doubleValue() * 1.01).runOnce()).extracting(Heartbeats.Check::outcome).containsExactly("quiet");
        assertThat(features()).containsExactly("chat", "heartbeat", "chat", "heartbeat");

        clock.advance(Duration.ofDays(8));      // the user wrote nothing for more than heartbeat.max_idle_days = 7
        assertThat(heartbeats(1.0).runOnce()).isEmpty();
        assertThat(llm.requests()).hasSize(calls + 1);
    }
}
