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
 * @param resolved the configuration with secrets resolved (environment, vault, file); fails with the vault's error
 * @param dataDir the data dir
 * @param env the process environment
 * @param daemonHealth the running daemon's {@code /v1/health}; empty when no daemon holds the data dir; fails when it
 *     holds it but does not answer
 * @param database the data dir's database, opened on first use; empty when there is none yet
 * @param systemctl runs {@code systemctl} with the arguments and returns its stdout, empty when it cannot run
 * @param http the client for the LLM and Telegram checks
 * @param clock wall time
 */
public record DoctorContext(LoadedConfig loaded, CompletableFuture<BlufioConfig> resolved, DataDir dataDir, Map<String, String> env,
        CompletableFuture<Optional<JsonNode>> daemonHealth, Lazy<Optional<Database>> database,
        Function<List<String>, Optional<String>> systemctl, HttpClient http, Clock clock) {
    /** Time limit of one network call of a quick check (connect plus answer); a TLS call to a provider takes 0.2-0.5 s. */
    public static final Duration NETWORK_TIMEOUT = Duration.ofMillis(1_300);
    /**
     * Time limit of each quick check, counted from the common start: with the JVM's start-up the whole quick
     * run takes about 2 s even when a dependency hangs (SPEC 8).
     */
    public static final Duration QUICK_TIMEOUT = Duration.ofMillis(1_500);

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
