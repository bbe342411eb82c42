package io.blufio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.app.Shutdown.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ShutdownTest {
    private final List<String> stopped = new ArrayList<>();
    private final Shutdown shutdown = new Shutdown();

    @Test
    void run_stopsInStepOrder_whateverTheOrderTheyWereAdded() {
        shutdown.add(Step.LOCK, () -> stopped.add("lock"));
        shutdown.add(Step.DATABASE, () -> stopped.add("db"));
        shutdown.add(Step.GATEWAY, () -> stopped.add("gateway"));
        shutdown.addDrain(grace -> stopped.add("agent " + grace.toSeconds() + " s"));
        shutdown.add(Step.CHANNELS, () -> stopped.add("telegram"));
        shutdown.add(Step.CHANNELS, () -> stopped.add("second channel"));

        shutdown.run(Duration.ofSeconds(30));

        assertThat(stopped).containsExactly("telegram", "second channel", "agent 30 s", "gateway", "db", "lock");
    }

    @Test
    void run_aPartThatThrows_theOthersStillStop_thenTheFirstFailureIsThrown() {
        shutdown.add(Step.CHANNELS, () -> {
            throw new IllegalStateException("channel");
        });
        shutdown.add(Step.WAL, () -> {
            throw new IllegalStateException("wal");
        });
        shutdown.add(Step.LOCK, () -> stopped.add("lock"));

        assertThatThrownBy(() -> shutdown.run(Duration.ZERO)).hasMessage("channel")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("wal"));
        assertThat(stopped).containsExactly("lock");
    }

    @Test
    void run_twice_stopsEachPartOnce() {
        shutdown.add(Step.DATABASE, () -> stopped.add("db"));

        shutdown.run(Duration.ZERO);
        shutdown.run(Duration.ZERO);

        assertThat(stopped).containsExactly("db");
    }

    @Test
    void afterFailedStart_noGraceForTurns_failuresSuppressedInTheCause() {
        shutdown.addDrain(grace -> stopped.add("agent " + grace));
        shutdown.add(Step.MCP, () -> {
            throw new IllegalStateException("mcp");
        });
        shutdown.add(Step.LOCK, () -> stopped.add("lock"));
        RuntimeException cause = new RuntimeException("gateway_bind");

        shutdown.afterFailedStart(cause);

        assertThat(stopped).containsExactly("agent PT0S", "lock");
        assertThat(cause.getSuppressed()).extracting(Throwable::getMessage).containsExactly("mcp");
    }
}
