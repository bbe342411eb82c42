package io.blufio.agent;

import java.util.Locale;

/** The difficulty class of a message, which picks the model under {@code [routing]} (SPEC section 13). */
public enum Tier {
    /** Greetings, acknowledgements, short factual questions: {@code routing.simple_model}. */
    SIMPLE,
    /** Ordinary messages: {@code routing.standard_model}. */
    STANDARD,
    /** Long, technical or design questions, code: {@code routing.complex_model}. */
    COMPLEX;

    /** Returns the name used in the API, metrics and the README: {@code simple}, {@code standard}, {@code complex}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the tier one step cheaper ({@link #SIMPLE} stays). */
    public Tier down() {
        return this == COMPLEX ? STANDARD : SIMPLE;
    }
}
