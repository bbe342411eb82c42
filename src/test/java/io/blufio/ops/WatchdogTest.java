package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The watchdog pings only while every probe reports progress. */
final class WatchdogTest {
    @Test
    void tick_pingsWhileProgress_withholdsWhenAProbeStalls_resumesAfter() {
        List<String> sent = new ArrayList<>();
        AtomicReference<Optional<String>> stall = new AtomicReference<>(Optional.empty());
        Watchdog dog = new Watchdog(sent::add, s -> sent.add("STATUS=" + s), Duration.ofSeconds(1),
                List.of(new Watchdog.Probe("inbox dispatcher", stall::get), new Watchdog.Probe("telegram", Optional::empty)));
        assertThat(dog.tick()).isTrue();
        stall.set(Optional.of("no dispatch pass for 9 s"));
        assertThat(dog.tick()).isFalse();
        assertThat(dog.tick()).isFalse();
        stall.set(Optional.empty());
        assertThat(dog.tick()).isTrue();
        assertThat(sent).containsExactly("WATCHDOG=1", "STATUS=stalled: inbox dispatcher: no dispatch pass for 9 s", "STATUS=running", "WATCHDOG=1");
    }

    @Test
    void stallLimit_isTheInterval_keptWithin3And30Seconds() {
        assertThat(Watchdog.stallLimit(Duration.ofMillis(500))).isEqualTo(Duration.ofSeconds(3));
        assertThat(Watchdog.stallLimit(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Watchdog.stallLimit(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
    }

    /** A channel whose health the test sets. */
    private static final class SetChannel implements io.blufio.channel.Channel {
        volatile io.blufio.channel.ChannelHealth health;

        @Override public String name() { return "telegram"; }
        @Override public void start() {}
        @Override public void stop() {}
        @Override public io.blufio.channel.ChannelHealth health() { return health; }
    }

    @Test
    void channelProbe_judgesTheTypedState_stalledStopsPings_downDoesNot_whateverTheText() {
        SetChannel ch = new SetChannel();
        Watchdog.Probe probe = Watchdog.channel(ch);
        ch.health = new io.blufio.channel.ChannelHealth(io.blufio.channel.ChannelState.DOWN, null, "no completed getUpdates: network error");
        assertThat(probe.stalled().get()).isEmpty();  // failing calls retry with backoff: progress, a restart would not help
        ch.health = new io.blufio.channel.ChannelHealth(io.blufio.channel.ChannelState.STALLED, null, null);
        assertThat(probe.stalled().get()).contains("stalled");
        ch.health = new io.blufio.channel.ChannelHealth(io.blufio.channel.ChannelState.UP, java.time.Instant.now(), "stale text");
        assertThat(probe.stalled().get()).isEmpty();
    }
}
