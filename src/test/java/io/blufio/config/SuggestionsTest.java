package io.blufio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Did-you-mean distances and thresholds. */
final class SuggestionsTest {
    private static final List<String> GATEWAY = List.of("enabled", "host", "port", "allow_remote");

    @Test
    void distance_countsTranspositionAsOneEdit() {
        assertThat(Suggestions.distance("prot", "port")).isEqualTo(1);
        assertThat(Suggestions.distance("port", "port")).isZero();
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void nearest_typo_isSuggested() {
        assertThat(Suggestions.nearest("prot", GATEWAY)).contains("port");
        assertThat(Suggestions.nearest("allow_remot", GATEWAY)).contains("allow_remote");
        assertThat(Suggestions.nearest("PORT", GATEWAY)).contains("port");
    }

    @Test
    void nearest_unrelatedName_isNotSuggested() {
        assertThat(Suggestions.nearest("database", GATEWAY)).isEmpty();
        assertThat(Suggestions.nearest("x", List.of())).isEmpty();
        assertThat(Suggestions.didYouMean("database", GATEWAY)).isEmpty();
    }
}
