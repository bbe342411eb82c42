package io.blufio.llm;

import io.blufio.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.blufio.BlufioException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model prices as data: the built-in {@code pricing.toml} resource, optionally overridden and extended by
 * {@code cost.pricing_file} (same format). Lookup accepts a model's base id, an alias listed in the table,
 * or a dated id ({@code -YYYYMMDD} or {@code -YYYY-MM-DD} suffix) of a listed model.
 */
public final class PriceTable {
    /** A date suffix providers append to pinned model ids. */
    private static final Pattern DATED = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2})$");

    private final Map<String, Price> byId;

    private PriceTable(Map<String, Price> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Loads the built-in table and, when given, the override file.
     *
     * @throws BlufioException {@code pricing_invalid} naming the file and the model when a file is unreadable or a rate is missing or negative
     */
    public static PriceTable load(Optional<Path> overrideFile) {
        Map<String, Price> prices = new HashMap<>();
        try (InputStream in = PriceTable.class.getResourceAsStream("/pricing.toml")) {
            read(new TomlMapper().readTree(in), "built-in pricing.toml", prices);
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.PRICING_INVALID, "built-in pricing.toml cannot be read: " + e.getMessage(), e);
        }
        if (overrideFile.isPresent()) {
            Path f = overrideFile.get();
            try {
                read(new TomlMapper().readTree(Files.readString(f)), f.toString(), prices);
            } catch (IOException e) {
                throw new BlufioException(ErrorCode.PRICING_INVALID, "cost.pricing_file " + f + " cannot be read: " + e.getMessage()
                        + " (format: [models.\"<id>\"] with input, output, cache_read, cache_write in USD per million tokens)", e);
            }
        }
        return new PriceTable(prices);
    }

    private static void read(JsonNode root, String source, Map<String, Price> into) {
        JsonNode models = root.path("models");
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            JsonNode m = e.getValue();
            Price p = new Price(id, rate(m, "input", source, id), rate(m, "output", source, id),
                    rate(m, "cache_read", source, id), rate(m, "cache_write", source, id));
            into.put(id, p);
            for (JsonNode alias : m.path("aliases")) into.put(alias.asText(), p);
        }
    }

    private static BigDecimal rate(JsonNode m, String key, String source, String id) {
        JsonNode v = m.get(key);
        if (v == null || !v.isNumber() || v.decimalValue().signum() < 0) {
            throw new BlufioException(ErrorCode.PRICING_INVALID, source + ": model \"" + id + "\" needs " + key
                    + " = <USD per million tokens, >= 0>");
        }
        return v.decimalValue();
    }

    /** Returns the price of {@code model} (base id, alias or dated id), or empty when it has none. */
    public Optional<Price> find(String model) {
        if (model == null) return Optional.empty();
        Price p = byId.get(model);
        if (p == null) p = byId.get(DATED.matcher(model).replaceFirst(""));
        return Optional.ofNullable(p);
    }

    /**
     * Returns the price of {@code model}.
     *
     * @throws BlufioException {@code model_unpriced} telling how to add a price; a paid call is never recorded as $0
     */
    public Price require(String model) {
        return find(model).orElseThrow(() -> new BlufioException(ErrorCode.MODEL_UNPRICED, "model \"" + model
                + "\" has no price, so its cost cannot be recorded: add [models.\"" + model
                + "\"] with input, output, cache_read, cache_write (USD per million tokens) to a file named by cost.pricing_file"));
    }
}
