package io.blufio.agent;

import io.blufio.BlufioException;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.LlmException;
import io.blufio.llm.Price;
import io.blufio.llm.PriceTable;
import io.blufio.llm.Provider;
import io.blufio.llm.StreamListener;
import io.blufio.llm.TokenEstimate;
import io.blufio.llm.Usage;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Provider} that checks the budget before every call and writes one ledger row after every
 * successful call (priced by the {@link PriceTable}; a model without a price was refused at start-up,
 * so no paid call is recorded as $0). The row's session, turn and feature come from the
 * {@link CallScope} of the calling thread. A failed call that still used tokens (an empty, refused or cut
 * answer: {@link LlmException#usage()}) is billed too. Counts the server did not report are estimated by the
 * provider; such rows are marked estimated, and the first one of each model logs a WARN.
 */
public final class LedgeredProvider implements Provider {
    private static final Logger log = LoggerFactory.getLogger(LedgeredProvider.class);
    /** Models remembered as already warned about estimated usage; past it no more warnings are logged. */
    static final int MAX_WARNED_MODELS = 256;
    private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();
    private final Provider inner;
    private final PriceTable prices;
    private final Price configured;
    private final LedgerStore ledger;
    private final BudgetGuard budget;
    private final AgentEvents events;
    private final Clock clock;
    private final LongSupplier nanos;

    /**
     * @throws BlufioException {@code model_unpriced} when the configured model has no price
     */
    public LedgeredProvider(Provider inner, PriceTable prices, LedgerStore ledger, BudgetGuard budget, AgentEvents events,
            Clock clock, LongSupplier nanos) {
        this.inner = inner;
        this.prices = prices;
        this.configured = prices.require(inner.model());
        this.ledger = ledger;
        this.budget = budget;
        this.events = events;
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String model() {
        return inner.model();
    }

    /** Returns the budget this provider enforces. */
    public BudgetGuard budget() {
        return budget;
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        CallScope scope = CallScope.current();
        String feature = scope == null ? "chat" : scope.feature();
        budget.check();
        long t0 = nanos.getAsLong();
        ChatResult r;
        try {
            r = inner.chat(request, listener);
        } catch (LlmException e) {
            // an empty, refused or cut answer still used tokens: bill them (never a free call)
            long took = nanos.getAsLong() - t0;
            BigDecimal cost = e.usage().isZero() ? BigDecimal.ZERO : bill(scope, feature, request.modelOr(model()), request.modelOr(model()), e.usage());
            if (scope != null) scope.add(cost, took);
            events.llmCall(name(), request.modelOr(model()), e.code(), took, e.usage(), cost.doubleValue(), feature);
            throw e;
        } catch (BlufioException e) {
            long took = nanos.getAsLong() - t0;
            if (scope != null) scope.add(BigDecimal.ZERO, took);
            events.llmCall(name(), request.modelOr(model()), e.code(), took, Usage.ZERO, 0, feature);
            throw e;
        }
        long took = nanos.getAsLong() - t0;
        String requested = request.modelOr(model());
        String model = r.model() == null ? requested : r.model();
        BigDecimal cost = bill(scope, feature, model, requested, r.usage());
        if (scope != null) scope.add(cost, took);
        events.llmCall(name(), model, "ok", took, r.usage(), cost.doubleValue(), feature);
        return r;
    }

    /** Prices {@code usage}, appends its ledger row and adds it to the budget; warns once per model about estimates. */
    private BigDecimal bill(CallScope scope, String feature, String model, String requested, Usage usage) {
        // the reported id (maybe dated) first, then the id asked for (routing priced it at start), then the configured one
        BigDecimal cost = prices.find(model).or(() -> prices.find(requested)).orElse(configured).cost(usage);
        ledger.append(new LedgerEntry(clock.instant(), scope == null ? null : scope.sessionId(), scope == null ? null : scope.turnId(),
                name(), model, feature, usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                usage.cacheWriteTokens(), cost, usage.estimated(), scope == null ? null : scope.intendedModel()));
        budget.recorded(cost);
        if (usage.estimated()) {
            events.error("llm_usage_estimated");
            if (warnedModels.size() < MAX_WARNED_MODELS && warnedModels.add(name() + "/" + model)) {
                log.warn("{} model {} sent no token usage: blufio bills an estimate of 1 token per {} bytes of request and"
                        + " answer ({} in, {} out this call); ledger rows are marked estimated and count against the budgets."
                        + " Warned once per model; `blufio doctor` lists them", name(), model, TokenEstimate.BYTES_PER_TOKEN,
                        usage.inputTokens(), usage.outputTokens());
            }
        }
        return cost;
    }
}
