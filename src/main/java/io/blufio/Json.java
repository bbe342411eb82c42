package io.blufio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The one configured Jackson mapper of the code base (DESIGN.md: "one configured ObjectMapper shared by
 * everything"). Output is compact (no indentation; callers that print for people ask for
 * {@code writerWithDefaultPrettyPrinter()}), {@link java.math.BigDecimal} is written plain ({@code 0.00007},
 * never {@code 7E-5}), unknown properties fail when reading into records. Mappers are thread-safe once built:
 * never reconfigure these instances (no {@code configure}, {@code registerModule}, {@code set...}).
 */
public final class Json {
    /** Default property names (record component names as written, e.g. {@code dataDir}). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
    /** The same mapper with {@code snake_case} property names: records on the HTTP API and stored content blocks. */
    public static final ObjectMapper SNAKE_CASE = MAPPER.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {}

    /**
     * Returns a mapper like {@link #MAPPER} that refuses input with more than {@code maxTokens} JSON tokens, for
     * answers from outside whose parsed tree must stay bounded (a tree costs up to about 60 bytes a token).
     * Build it once and keep it: each call makes a new mapper.
     */
    public static ObjectMapper bounded(long maxTokens) {
        return new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxTokenCount(maxTokens).build())
                .build()).enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
    }
}
