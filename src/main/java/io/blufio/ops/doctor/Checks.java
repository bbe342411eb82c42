package io.blufio.ops.doctor;

import java.util.ArrayList;
import java.util.List;

/** The checks of {@code blufio doctor} (SPEC 8), in report order. */
public final class Checks {
    private Checks() {}

    /** Returns the quick checks, plus the deep ones when {@code deep}. */
    public static List<Check> of(DoctorContext ctx, boolean deep) {
        List<Check> all = new ArrayList<>(List.of(
                StoreChecks.dataDir(ctx), StoreChecks.database(ctx), DaemonChecks.daemon(ctx), LlmCheck.check(ctx), UsageCheck.check(ctx),
                TelegramChecks.token(ctx), TelegramChecks.poll(ctx), SecretChecks.vault(ctx, false), SecretChecks.sources(ctx), SecretChecks.plaintext(ctx)));
        if (deep) {
            all.addAll(List.of(StoreChecks.ownership(ctx), StoreChecks.integrity(ctx), StoreChecks.disk(ctx), DaemonChecks.memory(ctx), EmbeddingCheck.check(ctx),
                    SecretChecks.vault(ctx, true), SystemdCheck.check(ctx)));
        }
        return all;
    }
}
