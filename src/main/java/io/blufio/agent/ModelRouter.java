package io.blufio.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.blufio.config.RoutingConfig;
import io.blufio.llm.PriceTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Model routing ({@code [routing]}, SPEC section 13): chooses the model of each turn. It reads a leading
 * override ({@link RouteOverride}), else classifies the message ({@link TierClassifier}); then the budget
 * may lower the choice: from {@code cost.warn_at_percent} of a cap, one tier down; from
 * {@link #SIMPLE_ONLY_PERCENT} %, the simple model only, overrides included. The first turn of a session
 * that is downgraded at a level (per UTC day) carries a one-line notice saying so.
 *
 * <p>A tier without a model set uses the provider's configured model. Every model routed to must be in
 * the price table: the constructor refuses otherwise ({@code model_unpriced}, exit 78). Thread-safe.
 */
public final class ModelRouter {
    /** Share of a budget cap, in percent, from which every turn uses the simple model. */
    public static final double SIMPLE_ONLY_PERCENT = 95;
    /** A previous turn older than this no longer counts as "recent" for the follow-up rule. */
    static final Duration RECENT = Duration.ofMinutes(30);
    /** Sessions whose previous tier and last notice are remembered at most (least recently used go first). */
    static final int SESSIONS_REMEMBERED = 4_096;

    private final boolean enabled;
    private final Map<Tier, String> models = new LinkedHashMap<>();
    private final PriceTable prices;
    private final BudgetGuard budget;  // null: no downgrade
    private final Clock clock;
    private final Cache<Long, Previous> previous = Caffeine.newBuilder().maximumSize(SESSIONS_REMEMBERED).build();
    private final Cache<Long, String> noticed = Caffeine.newBuilder().maximumSize(SESSIONS_REMEMBERED).build();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile String level = "none";

    /**
     * One turn's routing.
     *
     * @param text the message as the model sees it (an override prefix removed)
     * @param label {@code simple}, {@code standard}, {@code complex} (the tier used) or {@code override}; null when routing is off
     * @param tier the tier whose model is called, or null when routing is off
     * @param intendedModel the model chosen before any budget downgrade (null when routing is off)
     * @param model the model to call, or null for the provider's configured one
     * @param notice a line to put before the reply (budget downgrade, ignored override), or null
     */
    public record Decision(String text, String label, Tier tier, String intendedModel, String model, String notice) {}

    /**
     * @param providerModel the provider's configured model: used by a tier without a model of its own
     * @param budget the caps that trigger a downgrade, or null for none
     * @throws io.blufio.BlufioException {@code model_unpriced} when routing is on and a routed model has no price
     */
    public ModelRouter(RoutingConfig cfg, String providerModel, PriceTable prices, BudgetGuard budget, Clock clock) {
        this.enabled = cfg.enabled();
        this.prices = prices;
        this.budget = budget;
        this.clock = clock;
        models.put(Tier.SIMPLE, orDefault(cfg.simpleModel(), providerModel));
        models.put(Tier.STANDARD, orDefault(cfg.standardModel(), providerModel));
        models.put(Tier.COMPLEX, orDefault(cfg.complexModel(), providerModel));
        if (enabled) models.values().forEach(prices::require);
        for (String l : List.of("simple", "standard", "complex", "override")) counts.put(l, new AtomicLong());
    }

    /**
     * Returns one problem line per routed model without a price (empty when routing is off or all are
     * priced), for {@code config validate}.
     */
    public static List<String> unpriced(RoutingConfig cfg, String providerModel, PriceTable prices) {
        List<String> out = new ArrayList<>();
        if (!cfg.enabled()) return out;
        String[][] keys = {{"routing.simple_model", cfg.simpleModel()}, {"routing.standard_model", cfg.standardModel()},
                {"routing.complex_model", cfg.complexModel()}};
        for (String[] k : keys) {
            String m = orDefault(k[1], providerModel);
            if (prices.find(m).isEmpty()) {
                out.add(k[0] + ": model \"" + m + "\" has no price; add [models.\"" + m
                        + "\"] (input, output, cache_read, cache_write in USD per million tokens) to the file named by cost.pricing_file");
            }
        }
        return out;
    }

    private static String orDefault(String m, String fallback) {
        return m == null || m.isBlank() ? fallback : m;
    }

    /** Returns true when {@code routing.enabled}. */
    public boolean enabled() {
        return enabled;
    }

    /** Returns the model of a tier (the provider's model for a tier left unset). */
    public String model(Tier tier) {
        return models.get(tier);
    }

    /** Returns the model for background work (fact extraction): the simple model when routing is on, else null. */
    public String backgroundModel() {
        return enabled ? models.get(Tier.SIMPLE) : null;
    }

    /**
     * Routes one message of session {@code sessionId}. With routing off the text is returned as typed and
     * no model is chosen.
     */
    public Decision route(long sessionId, String message) {
        if (!enabled) return new Decision(message, null, null, null, null, null);
        Instant now = clock.instant();
        RouteOverride o = RouteOverride.parse(message);
        String notice = null;
        Tier tier;
        String model;
        boolean override = false;
        if (o.model() != null && prices.find(o.model()).isPresent()) {
            model = o.model();
            tier = tierOf(model);
            override = true;
        } else {
            if (o.model() != null) {
                notice = "(/model " + o.model() + " ignored: that model has no price in the price table; add it to cost.pricing_file.)";
            }
            tier = o.tier() != null ? o.tier() : TierClassifier.classify(o.text(), recentTier(sessionId, now));
            override = o.tier() != null;
            model = models.get(tier);
        }
        previous.put(sessionId, new Previous(tier, now));
        String intended = model;
        String label = override ? "override" : tier.label();
        BudgetGuard.Share share = budget == null ? null : budget.share();
        String newLevel = "none";
        if (share != null && share.percent() >= SIMPLE_ONLY_PERCENT) {
            newLevel = "simple_only";
            if (!models.get(Tier.SIMPLE).equals(model)) {
                tier = Tier.SIMPLE;
                model = models.get(Tier.SIMPLE);
                label = tier.label();
            }
        } else if (share != null && share.percent() >= budget.warnAtPercent()) {
            newLevel = "one_tier";
            if (!override && tier != Tier.SIMPLE) {
                tier = tier.down();
                model = models.get(tier);
                label = tier.label();
            }
        }
        level = newLevel;
        if (!newLevel.equals("none")) {
            String key = newLevel + "@" + LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (!key.equals(noticed.getIfPresent(sessionId))) {
                noticed.put(sessionId, key);
                notice = join(notice, budgetNotice(newLevel, share));
            }
        }
        counts.get(label).incrementAndGet();
        return new Decision(o.present() ? o.text() : message, label, tier, intended, model, notice);
    }

    private Tier recentTier(long sessionId, Instant now) {
        Previous p = previous.getIfPresent(sessionId);
        return p == null || Duration.between(p.at(), now).compareTo(RECENT) > 0 ? null : p.tier();
    }

    /** Returns the cheapest tier whose model is {@code model} (an override's model counts as that tier), else standard. */
    private Tier tierOf(String model) {
        for (Map.Entry<Tier, String> e : models.entrySet()) if (e.getValue().equals(model)) return e.getKey();
        return Tier.STANDARD;
    }

    private String budgetNotice(String level, BudgetGuard.Share share) {
        String pct = String.format(Locale.ROOT, "%.0f %%", Math.floor(share.percent()));
        return level.equals("simple_only")
                ? "(Budget: " + pct + " of the " + share.period() + " budget is spent, so every answer now comes from the simple model "
                        + models.get(Tier.SIMPLE) + " until it resets at " + share.resets() + ".)"
                : "(Budget: " + pct + " of the " + share.period() + " budget is spent, so answers use a model one tier cheaper until it resets at "
                        + share.resets() + ".)";
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "\n" + b;
    }

    /** Returns the turns routed since start per label ({@code simple}, {@code standard}, {@code complex}, {@code override}). */
    public Map<String, Long> tierCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String l : List.of("simple", "standard", "complex", "override")) out.put(l, counts.get(l).get());
        return out;
    }

    /** Returns the budget downgrade seen by the last routed turn: {@code none}, {@code one_tier} or {@code simple_only}. */
    public String downgrade() {
        return level;
    }

    private record Previous(Tier tier, Instant at) {}
}
