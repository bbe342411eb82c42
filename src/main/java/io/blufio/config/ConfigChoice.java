package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A config value chosen from a fixed set, as an enum whose constants are the choices; the TOML spelling (its
 * {@link #wireName()}) is the constant's name in lower case ({@code HTTP_FETCH} is {@code http_fetch}). Written and
 * printed by that name ({@code config get}, {@code --json}); read only through {@link Check#oneOf(String, String, Class)}
 * (by {@link RecordBinder}'s deserializer, with the key the value sits under), which refuses any other spelling,
 * upper case included, with the key, the value and the choices.
 */
public interface ConfigChoice {
    /** Returns the constant's name, as {@link Enum#name()} does. */
    String name();

    /** Returns the value as written in the config file, e.g. {@code openai}. */
    @JsonValue
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
