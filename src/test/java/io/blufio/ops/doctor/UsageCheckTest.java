package io.blufio.ops.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.ConfigLoader;
import io.blufio.config.LoadedConfig;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class UsageCheckTest {
    @TempDir Path tmp;
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private CheckResult run(Database db) throws Exception {
        LoadedConfig loaded = ConfigLoader.load(Optional.empty(), Optional.of(tmp), Map.of());
        var ctx = new DoctorContext(loaded, CompletableFuture.completedFuture(DoctorSecrets.resolve(loaded.config(), Optional.empty(), Map.of(), Clock.fixed(NOW, ZoneOffset.UTC))), new DataDir(tmp), Map.of(),
                CompletableFuture.completedFuture(Optional.empty()), new DoctorContext.Lazy<>(() -> Optional.of(db)),
                args -> Optional.empty(), HttpClient.newHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), DoctorContext.Limits.DEFAULT);
        return UsageCheck.check(ctx).body().call();
    }

    private static LedgerEntry row(Instant at, String model, boolean estimated) {
        return new LedgerEntry(at, null, null, "openai", model, "chat", 100, 10, 0, 0, new BigDecimal("0.0001"), estimated);
    }

    @Test
    void check_estimatedRowsInTheLast30Days_warnPerModel() throws Exception {
        try (Database db = Database.open(tmp.resolve("t.db"))) {
            LedgerStore ledger = new LedgerStore(db);
            ledger.append(row(NOW.minusSeconds(60), "local-llama", true));
            ledger.append(row(NOW.minusSeconds(30), "local-llama", true));
            ledger.append(row(NOW.minusSeconds(30), "gpt-5.4-mini", false));

            CheckResult r = run(db);

            assertThat(r.status()).isEqualTo(CheckResult.Status.WARN);
            assertThat(r.detail()).contains("local-llama (2 calls)").doesNotContain("gpt-5.4-mini");
            assertThat(r.fix()).contains("include_usage");
        }
    }

    @Test
    void check_onlyReportedOrOldEstimates_isOk() throws Exception {
        try (Database db = Database.open(tmp.resolve("t.db"))) {
            LedgerStore ledger = new LedgerStore(db);
            ledger.append(row(NOW.minus(java.time.Duration.ofDays(31)), "local-llama", true));
            ledger.append(row(NOW.minusSeconds(30), "gpt-5.4-mini", false));

            assertThat(run(db).status()).isEqualTo(CheckResult.Status.OK);
        }
    }
}
