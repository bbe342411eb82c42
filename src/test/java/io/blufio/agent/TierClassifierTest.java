package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routing classifier on a table of examples (README "Model routing" lists the rules). */
final class TierClassifierTest {
    @ParameterizedTest(name = "[{index}] {0} -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            hi                                                              | SIMPLE   | greeting
            Hello!                                                          | SIMPLE   | greeting
            hey there                                                       | SIMPLE   | greeting
            good morning                                                    | SIMPLE   | greeting
            thanks a lot!                                                   | SIMPLE   | greeting
            Thank you so much                                               | SIMPLE   | greeting
            ok, got it                                                      | SIMPLE   | greeting
            sounds good                                                     | SIMPLE   | greeting
            👍                                                              | SIMPLE   | greeting
            yes                                                             | SIMPLE   | greeting
            bye!                                                            | SIMPLE   | greeting
            what time is it?                                                | SIMPLE   | short
            what's my cat called again?                                     | SIMPLE   | short
            remind me to call mum at 6                                      | SIMPLE   | short
            translate 'good night' into French                              | SIMPLE   | short
            Is it raining in Berlin today?                                  | SIMPLE   | short
            why is the sky blue?                                            | STANDARD | default
            how do I make a sourdough starter?                              | STANDARD | default
            explain what a mortgage offset account is                       | STANDARD | default
            Can you write me a short birthday message for my sister Ana, she turns 30 and loves hiking? | STANDARD | default
            I have been feeling tired in the afternoons lately, what could help me keep my energy up at work? | STANDARD | default
            Summarise the main arguments for and against a four-day working week in a few sentences | STANDARD | default
            What is the capital of Australia? And of Canada? And of Brazil? | COMPLEX  | questions
            """)
    void classify_table(String text, Tier expected, String rule) {
        TierClassifier.Verdict v = TierClassifier.decide(text, null);
        assertThat(v.tier()).as(text).isEqualTo(expected);
        assertThat(v.rule()).as(text).isEqualTo(rule);
    }

    @ParameterizedTest(name = "[{index}] {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            I am designing the storage layer of a small always-on agent on a 1 GB server: should I keep one SQLite file with WAL and a single writer, or split the inbox and the ledger into separate databases? | COMPLEX | design
            Please compare Postgres and SQLite for a personal app that runs on one machine with a few writes a second, and tell me the trade-offs for backups and for concurrent readers. | COMPLEX | design
            Help me debug why my Java service slowly leaks native memory after we added an ONNX model; heap stays flat but RSS climbs about three megabytes a day. | COMPLEX | design
            """)
    void classify_designQuestions_areComplex(String text, Tier expected, String rule) {
        assertThat(TierClassifier.decide(text, null)).isEqualTo(new TierClassifier.Verdict(expected, rule));
    }

    @org.junit.jupiter.api.Test
    void classify_codeAndStackTraces_areComplex() {
        assertThat(TierClassifier.decide("why does this fail?\n```java\nint x = list.get(0);\n```", null).rule()).isEqualTo("code");
        assertThat(TierClassifier.decide("what is wrong here:\nfor (int i = 0; i < n; i++) {\n  total += a[i];\n}", null).rule()).isEqualTo("code");
        assertThat(TierClassifier.decide("Exception in thread \"main\" java.lang.NullPointerException\n  at io.blufio.Main.run(Main.java:12)", null)
                .tier()).isEqualTo(Tier.COMPLEX);
        assertThat(TierClassifier.decide("Traceback (most recent call last):\n  File \"x.py\", line 3", null).rule()).isEqualTo("code");
        assertThat(TierClassifier.decide("I went shopping; it was fine.\nThen I came home; dinner was good.", null).tier())
                .as("prose with semicolons is not code").isNotEqualTo(Tier.COMPLEX);
    }

    @org.junit.jupiter.api.Test
    void classify_longMessages_areComplex_atTheLimitAndOneBelow() {
        String below = "word ".repeat(TierClassifier.LONG_WORDS - 1).strip();
        String at = "word ".repeat(TierClassifier.LONG_WORDS).strip();
        assertThat(TierClassifier.decide(below, null).rule()).isNotEqualTo("long");
        assertThat(TierClassifier.decide(at, null)).isEqualTo(new TierClassifier.Verdict(Tier.COMPLEX, "long"));
        assertThat(TierClassifier.decide("x".repeat(TierClassifier.LONG_CHARS), null).rule()).isEqualTo("long");
    }

    @org.junit.jupiter.api.Test
    void classify_recentComplexTurn_keepsShortFollowUpsComplex_butNotAcknowledgements() {
        assertThat(TierClassifier.decide("and what about the database layer?", Tier.COMPLEX))
                .isEqualTo(new TierClassifier.Verdict(Tier.COMPLEX, "follow-up"));
        assertThat(TierClassifier.decide("and what about the database layer?", Tier.SIMPLE).tier()).isEqualTo(Tier.SIMPLE);
        assertThat(TierClassifier.decide("thanks, that helps", Tier.COMPLEX).tier()).isEqualTo(Tier.SIMPLE);
    }
}
