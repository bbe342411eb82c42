package io.blufio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class BackoffTest {
    @Test
    void next_doublesWithJitter_andIsCappedAt60Seconds() {
        Backoff.Streak b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), true).streak(new Random(7));
        assertThat(b.next()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(b.next()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(b.next()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        for (int i = 0; i < 4; i++) b.next();  // ceilings 8, 16, 32, 64 -> 60 s
        for (int i = 0; i < 50; i++) assertThat(b.next()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        b.reset();
        assertThat(b.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void delay_withoutJitter_doublesExactly_andNeverPassesTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), false);
        assertThat(b.delay(1, null)).isEqualTo(Duration.ofMillis(50));
        assertThat(b.delay(2, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(4, null)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.delay(Integer.MAX_VALUE, null)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.delay(0, null)).isEqualTo(Duration.ofMillis(50));
    }
}
