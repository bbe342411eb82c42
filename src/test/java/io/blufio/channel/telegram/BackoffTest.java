package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class BackoffTest {
    @Test
    void next_doublesWithJitter_andIsCappedAt60Seconds() {
        Backoff b = new Backoff(new Random(7));
        assertThat(b.next()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(b.next()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(b.next()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        for (int i = 0; i < 4; i++) b.next();  // ceilings 8, 16, 32, 64 -> 60 s
        for (int i = 0; i < 50; i++) assertThat(b.next()).isBetween(Duration.ofSeconds(30), Backoff.CAP);
        b.reset();
        assertThat(b.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
