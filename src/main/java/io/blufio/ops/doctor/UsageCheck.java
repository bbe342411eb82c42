package io.blufio.ops.doctor;

import io.blufio.BlufioException;
import io.blufio.llm.TokenEstimate;
import io.blufio.store.Database;
import io.blufio.store.LedgerStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the model server reports token usage: the cost ledger's rows of the last {@link #WINDOW} whose
 * counts blufio had to estimate (the server sent none), per model. A warning, not a failure: the estimates
 * are billed and count against the budgets, but they are not the provider's bill.
 */
final class UsageCheck {
    static final String NAME = "llm usage";
    /** How far back the ledger is read: 30 days. */
    static final Duration WINDOW = Duration.ofDays(30);

    private UsageCheck() {}

    static Check check(DoctorContext ctx) {
        return new Check(NAME, DoctorContext.QUICK_TIMEOUT, "the database did not answer in time: see `blufio status`", () -> {
            Optional<Database> db = ctx.database().get();
            if (db.isEmpty()) return CheckResult.skip(NAME, "no database yet");
            Map<String, Long> estimated;
            try {
                estimated = new LedgerStore(db.get()).estimatedByModel(ctx.clock().instant().minus(WINDOW));
            } catch (BlufioException e) {
                return CheckResult.skip(NAME, "the cost ledger cannot be read: " + e.getMessage());
            }
            if (estimated.isEmpty()) return CheckResult.ok(NAME, "every model call of the last 30 days reported its token usage");
            StringBuilder what = new StringBuilder();
            estimated.forEach((model, n) -> what.append(what.isEmpty() ? "" : ", ").append(model).append(" (").append(n)
                    .append(n == 1 ? " call)" : " calls)"));
            return CheckResult.warn(NAME, "the server sent no token usage for " + what + " in the last 30 days; those calls are"
                    + " billed with estimates (1 token per " + TokenEstimate.BYTES_PER_TOKEN + " bytes, errs high)",
                    "have the server report usage (OpenAI-compatible: honour stream_options.include_usage; check the proxy's"
                    + " settings), or accept the estimates; budgets count them either way");
        });
    }
}
