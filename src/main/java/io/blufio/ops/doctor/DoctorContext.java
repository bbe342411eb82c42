package io.blufio.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.config.BlufioConfig;
import io.blufio.config.LoadedConfig;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the checks look at, gathered once by {@code doctor}.
 *
 * @param loaded the configuration as loaded (secrets not resolved)
 * @param secrets the secrets resolved once (environment, vault, file), with at most one vault unlock
 * @param dataDir the data dir
 * @param env the process environment
 * @param daemonHealth the running daemon's {@code /v1/health}; empty when no daemon holds the data dir; fails when it
 *     holds it but does not answer
 * @param database the data dir's database, opened on first use; empty when there is none yet
 * @param systemctl runs {@code systemctl} with the arguments and returns its stdout, empty when it cannot run
 * @param http the client for the LLM and Telegram checks
 * @param clock wall time
 * @param limits the time limits of the quick checks ({@code doctor --timeout})
 */
public record DoctorContext(LoadedConfig loaded, CompletableFuture<DoctorSecrets> secrets, DataDir dataDir, Map<String, String> env,
        CompletableFuture<Optional<JsonNode>> daemonHealth, Lazy<Optional<Database>> database,
        Function<List<String>, Optional<String>> systemctl, HttpClient http, Clock clock, Limits limits) {
    /** Time limit of one network call of a quick check by default (connect plus answer); a TLS call to a provider takes 0.2-0.5 s. */
    public static final Duration NETWORK_TIMEOUT = Duration.ofMillis(1_300);
    /**
     * Time limit of each quick check by default, counted from the common start: with the JVM's start-up the
     * whole quick run takes about 2 s even when a dependency hangs (SPEC 8).
     */
    public static final Duration QUICK_TIMEOUT = Duration.ofMillis(1_500);

    /**
     * The time limits of the quick checks.
     *
     * @param check how long each quick check may take, counted from the common start (or from the moment the
     *     secrets it needs were resolved)
     * @param network the limit of one network call inside a check (connect plus answer), shorter than {@code check}
     *     so that a hung service is reported as the network's fault, not as a check that overran
     */
    public record Limits(Duration check, Duration network, Duration vault) {
        /**
         * Time the vault unlock may take by default: Argon2id (64 MiB, 3 passes) takes about 0.5 s, plus up to a
         * second to start the child JVM it runs in when this JVM's heap is small.
         */
        public static final Duration VAULT_TIMEOUT = Duration.ofSeconds(5);
        /** The defaults: 1.5 s a check, 1.3 s a network call, 5 s for the vault. */
        public static final Limits DEFAULT = new Limits(QUICK_TIMEOUT, NETWORK_TIMEOUT, VAULT_TIMEOUT);

        /**
         * Returns limits for a check limit of {@code check} (at least 100 ms): network calls 200 ms shorter (at
         * least half), the vault the longer of {@code check} and {@link #VAULT_TIMEOUT}.
         */
        public static Limits of(Duration check) {
            if (check.toMillis() < 100) throw new IllegalArgumentException("the doctor's time limit must be at least 0.1 s, got " + check.toMillis() + " ms");
            return new Limits(check, check.minusMillis(Math.min(200, check.toMillis() / 2)),
                    check.compareTo(VAULT_TIMEOUT) > 0 ? check : VAULT_TIMEOUT);
        }
    }

    /** Returns the configuration with secrets resolved; fails with the vault's error when a needed entry cannot be read. */
    public CompletableFuture<BlufioConfig> resolved() {
        return secrets.thenApply(DoctorSecrets::config);
    }

    /** Returns the prerequisite of the checks that need secrets: the vault unlock's time is not theirs. */
    public Check.Prerequisite secretsReady() {
        return new Check.Prerequisite("the secrets (the vault unlock, Argon2id)", secrets, limits.vault(),
                "the vault did not unlock in time: check vault.kdf_memory_kib against this host's memory, or run with --timeout");
    }

    /** A value computed once, on first use, by whichever thread asks first. */
    public static final class Lazy<T> {
        private final java.util.function.Supplier<T> make;
        private T value;
        private boolean made;

        public Lazy(java.util.function.Supplier<T> make) {
            this.make = make;
        }

        /** Returns the value, computing it on first use. */
        public synchronized T get() {
            if (!made) {
                value = make.get();
                made = true;
            }
            return value;
        }

        /** Returns the value if it was computed, without computing it. */
        public synchronized Optional<T> ifMade() {
            return made ? Optional.ofNullable(value) : Optional.empty();
        }
    }
}
