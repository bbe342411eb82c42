package io.blufio.ops;

import io.blufio.agent.AgentEvents;
import io.blufio.llm.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of SPEC section 10 in a Micrometer Prometheus registry, fed by {@link AgentEvents} and by
 * gauges that read cached state (no I/O at scrape time). Names follow Prometheus conventions (base units,
 * {@code _total}, {@code _seconds}, {@code _bytes}); see https://prometheus.io/docs/practices/naming/.
 */
public final class Metrics implements AgentEvents, io.blufio.tools.mcp.McpEvents {
    /** Bucket bounds of the turn and LLM latency histograms, in seconds: 0.05 s to 120 s. */
    static final Duration[] LATENCY_BUCKETS = durations(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120);
    /** Bucket bounds of the agent-overhead histogram (turn time minus LLM wait), in seconds: 0.5 ms to 1 s. */
    static final Duration[] OVERHEAD_BUCKETS = durations(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1);

    /** Binder meters whose Prometheus names promtool rejects (abbreviated unit, a {@code _count} suffix on a gauge). */
    static final java.util.Set<String> LINT_FAILURES = java.util.Set.of("process.cpu.time", "system.cpu.count");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Creates the registry with the JVM and process binders. */
    public Metrics() {
        // two binder meters break Prometheus naming rules (promtool check metrics): drop them
        registry.config().meterFilter(MeterFilter.deny(id -> LINT_FAILURES.contains(id.getName())));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private static Duration[] durations(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) out[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        return out;
    }

    /** Returns the Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Registers a gauge that reads {@code value} at scrape time; {@code value} must be cheap and never block. */
    public <T> void gauge(String name, String description, String unit, T target, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, target, value).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    /** Registers a gauge reading a supplier. */
    public void gauge(String name, String description, String unit, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).baseUnit(unit).tags(tags).strongReference(true).register(registry);
    }

    /** Counts one MCP tool call: {@code blufio_mcp_calls_total{server,outcome}}. */
    @Override
    public void call(String server, String outcome) {
        Counter.builder("blufio.mcp.calls").description("MCP tool calls, by server and outcome (ok, error, timeout, failed, unavailable)")
                .tags("server", server, "outcome", outcome).register(registry).increment();
    }

    @Override
    public void message(String channel, String direction) {
        Counter.builder("blufio.messages").description("Messages in and out, by channel")
                .tags("channel", channel, "direction", direction).register(registry).increment();
    }

    @Override
    public void turn(String channel, String outcome, long durationNanos, long overheadNanos) {
        Counter.builder("blufio.turns").description("Turns finished, by channel and outcome")
                .tags("channel", channel, "outcome", outcome).register(registry).increment();
        Timer.builder("blufio.turn.duration").description("Wall time of a turn, LLM calls included")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(Duration.ofNanos(durationNanos));
        Timer.builder("blufio.turn.overhead").description("Wall time of a turn minus the time spent waiting for the LLM")
                .serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry).record(Duration.ofNanos(overheadNanos));
    }

    @Override
    public void llmCall(String provider, String model, String outcome, long durationNanos, Usage usage, double costUsd, String feature) {
        Timer.builder("blufio.llm.request.duration").description("LLM request latency, stream included")
                .tags("provider", provider, "model", model, "outcome", outcome)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(Duration.ofNanos(durationNanos));
        tokens(provider, model, "input", usage.inputTokens());
        tokens(provider, model, "output", usage.outputTokens());
        tokens(provider, model, "cache_read", usage.cacheReadTokens());
        tokens(provider, model, "cache_write", usage.cacheWriteTokens());
        Counter.builder("blufio.cost.usd").description("USD spent on LLM calls, as recorded in the ledger")
                .tags("model", model, "feature", feature).register(registry).increment(costUsd);
    }

    private void tokens(String provider, String model, String type, long n) {
        Counter.builder("blufio.llm.tokens").description("Tokens counted by the provider")
                .tags("provider", provider, "model", model, "type", type).register(registry).increment(n);
    }

    /** Bucket bounds of the schedule fire lag (scheduled instant to inbox commit), in seconds: 10 ms to 1 h (catch-ups). */
    static final Duration[] LAG_BUCKETS = durations(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600);

    @Override
    public void scheduleRun(String outcome, long occurrences, long lagNanos) {
        Counter.builder("blufio.schedule.runs").description("Schedule occurrences handled, by outcome (fired, caught_up, skipped, run_now)")
                .tags("outcome", outcome).register(registry).increment(occurrences);
        if (lagNanos >= 0) {
            Timer.builder("blufio.schedule.lag").description("Time from a schedule's scheduled instant to its turn entering the inbox")
                    .serviceLevelObjectives(LAG_BUCKETS).register(registry).record(Duration.ofNanos(lagNanos));
        }
    }

    @Override
    public void heartbeat(String outcome) {
        Counter.builder("blufio.heartbeats").description("Heartbeat checks, by outcome (quiet, message, unchanged, budget, error)")
                .tags("outcome", outcome).register(registry).increment();
    }

    @Override
    public void reply(String channel, String outcome) {
        Counter.builder("blufio.replies").description("Reply delivery attempts that ended, by channel and outcome (delivered, retry, failed)")
                .tags("channel", channel, "outcome", outcome).register(registry).increment();
    }

    @Override
    public void routed(String tier, String model) {
        Counter.builder("blufio.routed.turns").description("Turns routed by [routing], by tier (simple, standard, complex, override) and model")
                .tags("tier", tier, "model", model).register(registry).increment();
    }

    @Override
    public void error(String kind) {
        Counter.builder("blufio.errors").description("Errors, by stable code").tags("kind", kind).register(registry).increment();
    }
}
