package io.blufio.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class FtsQueryTest {
    @Test
    void of_quotesEveryWord_andDropsSyntax() {
        assertThat(FtsQuery.of("cats OR dogs* -fish \"name:Miso\" NEAR(a b)")).hasValue(
                "\"cats\" OR \"dogs\" OR \"fish\" OR \"name\" OR \"miso\" OR \"near\" OR \"b\"");  // OR and a: stopwords
    }

    @Test
    void of_keepsStopwordsWhenNothingElseRemains() {
        assertThat(FtsQuery.of("which pet lives with me")).hasValue("\"pet\" OR \"lives\"");
        assertThat(FtsQuery.of("what is it")).hasValue("\"what\" OR \"is\" OR \"it\"");
    }

    @Test
    void of_punctuationOnly_isEmpty() {
        assertThat(FtsQuery.of("\" * - : ( ) ^ +")).isEmpty();
    }

    @Test
    void of_capsTerms_atTheLimit() {
        String many = "w".repeat(1) + " " + String.join(" ", java.util.stream.IntStream.range(0, 40).mapToObj(i -> "t" + i).toList());
        assertThat(FtsQuery.of(many).orElseThrow().split(" OR ")).hasSize(FtsQuery.MAX_TERMS);
    }
}
