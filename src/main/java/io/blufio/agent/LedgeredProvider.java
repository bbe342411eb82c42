package io.blufio.agent;

import io.blufio.BlufioException;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.Price;
import io.blufio.llm.PriceTable;
import io.blufio.llm.Provider;
import io.blufio.llm.StreamListener;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * A {@link Provider} that checks the budget before every call and writes one ledger row after every
 * successful call (priced by the {@link PriceTable}; a model without a price was refused at start-up,
 * so no paid call is recorded as $0). The row's session, turn and feature come from the
 * {@link CallScope} of the calling thread.
 */
public final class LedgeredProvider implements Provider {
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
        } catch (BlufioException e) {
            long took = nanos.getAsLong() - t0;
            if (scope != null) scope.add(BigDecimal.ZERO, took);
            events.llmCall(name(), request.modelOr(model()), e.code(), took, io.blufio.llm.Usage.ZERO, 0, feature);
            throw e;
        }
        long took = nanos.getAsLong() - t0;
        String requested = request.modelOr(model());
        String model = r.model() == null ? requested : r.model();
        // the reported id (maybe dated) first, then the id asked for (routing priced it at start), then the configured one
        BigDecimal cost = prices.find(model).or(() -> prices.find(requested)).orElse(configured).cost(r.usage());
        ledger.append(new LedgerEntry(clock.instant(), scope == null ? null : scope.sessionId(), scope == null ? null : scope.turnId(),
                name(), model, feature, r.usage().inputTokens(), r.usage().outputTokens(), r.usage().cacheReadTokens(),
                r.usage().cacheWriteTokens(), cost, scope == null ? null : scope.intendedModel()));
        budget.recorded(cost);
        if (scope != null) scope.add(cost, took);
        events.llmCall(name(), model, "ok", took, r.usage(), cost.doubleValue(), feature);
        return r;
    }
}
