package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, new Random(7));

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), (k, v) -> true);
    }

    @Test
    void retryable_429And5xxOnly() {
        assertThat(RetryPolicy.retryable(429)).isTrue();
        assertThat(RetryPolicy.retryable(500)).isTrue();
        assertThat(RetryPolicy.retryable(529)).isTrue();
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(401)).isFalse();
        assertThat(RetryPolicy.retryable(404)).isFalse();
    }

    @Test
    void backoff_doublesWithJitter_andStopsAtCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(policy.backoff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(policy.backoff(30)).isBetween(Duration.ofSeconds(15), RetryPolicy.MAX_BACKOFF);
        }
    }

    @Test
    void delay_prefersRetryAfterMs_thenRetryAfterSeconds() {
        assertThat(policy.delay(1, headers(Map.of("retry-after", "2")))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(1, headers(Map.of("retry-after", "2", "retry-after-ms", "1500"))))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.delay(1, headers(Map.of("retry-after", "0.5")))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void delay_capsRetryAfterAt60s() {
        assertThat(policy.delay(1, headers(Map.of("retry-after", "60")))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(1, headers(Map.of("retry-after", "61")))).isEqualTo(RetryPolicy.MAX_RETRY_AFTER);
    }

    @Test
    void delay_httpDateOrGarbage_fallsBackToBackoff() {
        Duration d = policy.delay(1, headers(Map.of("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")));
        assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void providerMessage_readsAnthropicAndOpenAiBodies() {
        assertThat(ProviderFailures.providerMessage(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .isEqualTo("Overloaded [overloaded_error]");
        assertThat(ProviderFailures.providerMessage(
                "{\"error\":{\"message\":\"bad model\",\"type\":\"invalid_request_error\",\"code\":null}}"))
                .isEqualTo("bad model [invalid_request_error]");
        assertThat(ProviderFailures.providerMessage("<html>502 Bad Gateway</html>")).contains("502 Bad Gateway");
        assertThat(ProviderFailures.providerMessage("")).isEqualTo("(empty error body)");
    }
}
