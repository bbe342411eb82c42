package io.blufio.ops.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.ConfigLoader;
import io.blufio.config.LoadedConfig;
import io.blufio.store.DataDir;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's runner (concurrency, time limits) and its systemd check, without processes. */
final class DoctorTest {
    @TempDir Path tmp;

    @Test
    void run_aHangingCheckFailsAtItsLimit_whileTheOthersFinish() {
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<String> endedBy = new CompletableFuture<>();
        Check hangs = new Check("hangs", Duration.ofMillis(300), "fix the hang", () -> {
            try {
                never.await();  // a dependency that never answers
                endedBy.complete("an answer");
            } catch (InterruptedException e) {
                endedBy.complete("interrupted");
                throw e;
            }
            return CheckResult.ok("hangs", "never");
        });
        Check quick = new Check("quick", Duration.ofMillis(300), "n/a", () -> CheckResult.warn("quick", "meh", "do x"));
        List<CheckResult> r = Doctor.run(List.of(hangs, quick), System::nanoTime);
        assertThat(endedBy.join()).as("the runner cut the hanging check off").isEqualTo("interrupted");
        assertThat(r.get(0).status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(r.get(0).detail()).contains("no answer within 300 ms");
        assertThat(r.get(0).fix()).isEqualTo("fix the hang");
        assertThat(r.get(1).status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(Doctor.passed(r)).isFalse();
        assertThat(Doctor.passed(List.of(r.get(1)))).isTrue();
    }

    @Test
    void run_aCheckAfterASlowPrerequisite_getsItsWholeLimitOnceThePrerequisiteIsReady() throws Exception {
        java.util.concurrent.atomic.AtomicLong fakeNanos = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<String> vault = new CompletableFuture<>();
        Check.Prerequisite unlock = new Check.Prerequisite("the vault to unlock", vault, Duration.ofMinutes(1), "check the KDF");
        Check llm = new Check("llm", Duration.ofSeconds(1), "check the network", () -> CheckResult.ok("llm", "key " + vault.get())).after(unlock);
        Thread.ofVirtual().start(() -> {
            fakeNanos.set(Duration.ofSeconds(10).toNanos());  // the unlock took 10 s of the injected clock...
            vault.complete("from the vault");
        });
        CheckResult r = Doctor.run(List.of(llm), fakeNanos::get).get(0);
        assertThat(r.status()).as("...which is not the llm check's time: %s", r).isEqualTo(CheckResult.Status.OK);
        assertThat(r.detail()).isEqualTo("key from the vault");
    }

    @Test
    void run_aPrerequisiteNeverReady_failsItsChecksNamingIt_notTheNetwork() {
        Check.Prerequisite unlock = new Check.Prerequisite("the vault to unlock", new CompletableFuture<>(), Duration.ofMillis(200), "check the KDF");
        Check llm = new Check("llm", Duration.ofSeconds(1), "check the network", () -> CheckResult.ok("llm", "never")).after(unlock);
        CheckResult r = Doctor.run(List.of(llm), System::nanoTime).get(0);
        assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(r.detail()).isEqualTo("not run: waited 200 ms for the vault to unlock");
        assertThat(r.fix()).isEqualTo("check the KDF");
    }

    private DoctorContext ctx(String systemctlOut) {
        LoadedConfig loaded = ConfigLoader.load(Optional.empty(), Optional.of(tmp), Map.of());
        return new DoctorContext(loaded, CompletableFuture.completedFuture(DoctorSecrets.resolve(loaded.config(), Optional.empty(), Map.of(), Clock.systemUTC())), new DataDir(tmp), Map.of(),
                CompletableFuture.completedFuture(Optional.empty()), new DoctorContext.Lazy<>(Optional::empty),
                args -> Optional.ofNullable(systemctlOut), HttpClient.newHttpClient(), Clock.systemUTC(), DoctorContext.Limits.DEFAULT);
    }

    @Test
    void systemd_startLimitHit_failsWithTheResetFailedFix() {
        CheckResult r = SystemdCheck.run(ctx("LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=start-limit-hit\nNRestarts=5\nExecMainStatus=1\n"));
        assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(r.detail()).contains("5 restart(s)").contains("start limit hit");
        assertThat(r.fix()).contains("systemctl reset-failed blufio");
    }

    @Test
    void systemd_restartsWarn_healthyPasses_missingSkips() {
        assertThat(SystemdCheck.run(ctx("LoadState=loaded\nActiveState=active\nSubState=running\nResult=success\nNRestarts=2\n")).status())
                .isEqualTo(CheckResult.Status.WARN);
        assertThat(SystemdCheck.run(ctx("LoadState=loaded\nActiveState=active\nSubState=running\nResult=success\nNRestarts=0\n")).status())
                .isEqualTo(CheckResult.Status.OK);
        assertThat(SystemdCheck.run(ctx("LoadState=not-found\n")).status()).isEqualTo(CheckResult.Status.SKIP);
        assertThat(SystemdCheck.run(ctx(null)).status()).isEqualTo(CheckResult.Status.SKIP);
    }
}
