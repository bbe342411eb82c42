package io.blufio.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything {@link App#start} started, stopped in one fixed order ({@link Step}): by {@link App#close()} and, for
 * what was started so far, by a start that failed. Each part is added as soon as it exists, so a failure at any step
 * stops exactly what came before it. Not thread-safe: the start adds, then one thread runs it (once).
 */
final class Shutdown {
    /**
     * The stop order, first to last: what brings work in, then the agent's drain, then what turns and clients use
     * while they drain, then storage. Parts added to one step stop in the order they were added.
     */
    enum Step {
        /** No new Telegram messages while turns drain. */
        CHANNELS,
        /** The fact extractor; it makes model calls of its own. */
        EXTRACTOR,
        HEARTBEATS,
        /** Occurrences not queued yet fire after the next start. */
        SCHEDULER,
        /** In-flight turns get {@code daemon.shutdown_grace_s} (none after a failed start). */
        AGENT,
        /** SIGTERM to every stdio server's process group, after the last turn. */
        MCP,
        /** Keeps refusing new sessions under pressure until the turns are done. */
        MONITOR,
        WAL,
        /** After the drain, so API turns still running get their answers. */
        GATEWAY,
        EMBEDDER,
        /** {@code daemon.json}: nobody listens any more. */
        DAEMON_INFO,
        DATABASE,
        /** The data dir lock, last: another process may take the data dir after this. */
        LOCK
    }

    private final EnumMap<Step, List<Consumer<Duration>>> steps = new EnumMap<>(Step.class);

    /** Adds {@code stop} to {@code step}. */
    void add(Step step, Runnable stop) {
        add(step, grace -> stop.run());
    }

    /** Adds the agent's drain; {@code drain} gets the grace its in-flight turns have to finish. */
    void addDrain(Consumer<Duration> drain) {
        add(Step.AGENT, drain);
    }

    private void add(Step step, Consumer<Duration> stop) {
        steps.computeIfAbsent(step, s -> new ArrayList<>()).add(stop);
    }

    /**
     * Stops everything added, in {@link Step} order, each part once; a part that throws does not keep the later ones
     * running. Running it again does nothing.
     *
     * @param grace how long the agent's in-flight turns may take to finish
     * @throws RuntimeException the first part's failure, with the later ones suppressed, after every part ran
     */
    void run(Duration grace) {
        List<RuntimeException> failed = stopAll(grace);
        if (failed.isEmpty()) return;
        RuntimeException first = failed.getFirst();
        failed.subList(1, failed.size()).forEach(first::addSuppressed);
        throw first;
    }

    /** Stops what a failed start had started, with no grace for turns; what fails to stop is suppressed in {@code cause}. */
    void afterFailedStart(Throwable cause) {
        stopAll(Duration.ZERO).forEach(cause::addSuppressed);
    }

    private List<RuntimeException> stopAll(Duration grace) {
        List<RuntimeException> failed = new ArrayList<>();
        for (List<Consumer<Duration>> stops : steps.values()) {  // an EnumMap iterates in Step order
            for (Consumer<Duration> stop : stops) {
                try {
                    stop.accept(grace);
                } catch (RuntimeException e) {
                    failed.add(e);
                }
            }
        }
        steps.clear();
        return failed;
    }
}
