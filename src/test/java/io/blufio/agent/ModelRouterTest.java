package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.BlufioException;
import io.blufio.config.CostConfig;
import io.blufio.config.RoutingConfig;
import io.blufio.llm.PriceTable;
import io.blufio.store.Database;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import io.blufio.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overrides, tiers and the budget downgrade of {@link ModelRouter}, over a real ledger in SQLite. */
final class ModelRouterTest {
    static final RoutingConfig ROUTING = new RoutingConfig(true, "claude-haiku-4-5", "claude-sonnet-4-5", "claude-opus-4-5");
    static final String DESIGN = "Please compare two designs for the storage layer of my home server app and explain the trade-offs "
            + "between one SQLite file with a single writer and a separate database for the queue, for backups and crash safety.";
    @TempDir Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final PriceTable prices = PriceTable.load(Optional.empty());
    private Database db;
    private LedgerStore ledger;
    private BudgetGuard budget;
    private ModelRouter router;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"));
        ledger = new LedgerStore(db);
        budget = new BudgetGuard(ledger, new CostConfig(10.0, null, 80, null), clock);
        router = new ModelRouter(ROUTING, "claude-sonnet-5-5", prices, budget, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void spend(String usd) {
        budget.share();  // the guard reads the ledger at first use; later spend reaches it through recorded()
        ledger.append(new LedgerEntry(clock.instant(), null, null, "anthropic", "claude-opus-4-5", "chat", 1, 1, 0, 0, new BigDecimal(usd)));
        budget.recorded(new BigDecimal(usd));
    }

    @Test
    void route_picksTheTierModel_andTheOverridePrefixIsRemoved() {
        assertThat(router.route(1, "hi")).extracting(ModelRouter.Decision::model, ModelRouter.Decision::label)
                .containsExactly("claude-haiku-4-5", "simple");
        assertThat(router.route(2, DESIGN).model()).isEqualTo("claude-opus-4-5");
        assertThat(router.route(3, "why is the sky blue?").model()).isEqualTo("claude-sonnet-4-5");

        ModelRouter.Decision forced = router.route(4, "/complex hi there");
        assertThat(forced).extracting(ModelRouter.Decision::text, ModelRouter.Decision::model, ModelRouter.Decision::label)
                .containsExactly("hi there", "claude-opus-4-5", "override");
        ModelRouter.Decision named = router.route(4, "/model gpt-5-mini what is 2+2?");
        assertThat(named).extracting(ModelRouter.Decision::text, ModelRouter.Decision::model, ModelRouter.Decision::label)
                .containsExactly("what is 2+2?", "gpt-5-mini", "override");
        assertThat(router.route(4, "/SIMPLE@blufio_bot  hello").text()).isEqualTo("hello");
        assertThat(router.route(4, "/simple").text()).as("nothing after the prefix: no override").isEqualTo("/simple");
        assertThat(router.tierCounts()).containsEntry("simple", 2L).containsEntry("standard", 1L).containsEntry("complex", 1L)
                .containsEntry("override", 3L);
    }

    @Test
    void route_unpricedModelOverride_isIgnoredWithANotice() {
        ModelRouter.Decision d = router.route(1, "/model gpt-9-turbo hi");
        assertThat(d.text()).isEqualTo("hi");
        assertThat(d.model()).isEqualTo("claude-haiku-4-5");
        assertThat(d.notice()).contains("/model gpt-9-turbo ignored").contains("cost.pricing_file");
    }

    @Test
    void route_atWarnPercent_goesOneTierDown_at95PercentSimpleOnly_andSaysSoOncePerSession() {
        spend("8.00");  // 80 % of $10
        ModelRouter.Decision d = router.route(1, DESIGN);
        assertThat(d.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(d.intendedModel()).isEqualTo("claude-opus-4-5");
        assertThat(d.label()).isEqualTo("standard");
        assertThat(d.notice()).contains("80 % of the daily budget").contains("one tier cheaper").contains("00:00 UTC");
        assertThat(router.route(1, DESIGN).notice()).as("told once").isNull();
        assertThat(router.route(1, "/complex " + DESIGN).model()).as("overrides honoured below 95 %").isEqualTo("claude-opus-4-5");
        assertThat(router.downgrade()).isEqualTo("one_tier");

        spend("1.50");  // 95 %
        ModelRouter.Decision s = router.route(1, DESIGN);
        assertThat(s.model()).isEqualTo("claude-haiku-4-5");
        assertThat(s.notice()).contains("95 % of the daily budget").contains("simple model claude-haiku-4-5");
        assertThat(router.route(1, "/model claude-opus-4-5 " + DESIGN).model()).as("overrides too").isEqualTo("claude-haiku-4-5");
        assertThat(router.route(1, "why?").notice()).isNull();
        assertThat(router.route(2, "hello").notice()).as("another session is told too").contains("95 %");
        assertThat(router.downgrade()).isEqualTo("simple_only");

        clock.advance(Duration.ofDays(1));  // a new UTC day: the daily spend starts again
        ModelRouter.Decision next = router.route(1, DESIGN);
        assertThat(next.model()).isEqualTo("claude-opus-4-5");
        assertThat(next.notice()).isNull();
        assertThat(router.downgrade()).isEqualTo("none");
    }

    @Test
    void construct_unpricedRoutedModel_isRefused_andValidationNamesTheKey() {
        RoutingConfig bad = new RoutingConfig(true, "claude-haiku-4-5", "my-local-llama", null);
        assertThatThrownBy(() -> new ModelRouter(bad, "claude-sonnet-5-5", prices, budget, clock))
                .isInstanceOf(BlufioException.class).hasMessageContaining("my-local-llama").hasMessageContaining("cost.pricing_file")
                .extracting(e -> ((BlufioException) e).code()).isEqualTo("model_unpriced");
        assertThat(ModelRouter.unpriced(bad, "claude-sonnet-5-5", prices)).singleElement().asString()
                .startsWith("routing.standard_model: model \"my-local-llama\" has no price");
        assertThat(ModelRouter.unpriced(new RoutingConfig(false, null, "my-local-llama", null), "x", prices)).as("off: not checked").isEmpty();
        ModelRouter off = new ModelRouter(new RoutingConfig(false, null, "my-local-llama", null), "claude-sonnet-5-5", prices, budget, clock);
        assertThat(off.route(1, "/complex hi")).extracting(ModelRouter.Decision::text, ModelRouter.Decision::model, ModelRouter.Decision::label)
                .containsExactly("/complex hi", null, null);
    }

    @Test
    void route_followUpOfARecentComplexTurn_staysComplex_untilItIsOld() {
        router.route(7, DESIGN);
        assertThat(router.route(7, "and what about backups?").model()).isEqualTo("claude-opus-4-5");
        clock.advance(ModelRouter.RECENT.plusMinutes(1));
        assertThat(router.route(7, "and what about backups?").model()).isEqualTo("claude-haiku-4-5");
    }
}
