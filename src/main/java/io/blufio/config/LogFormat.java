package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** {@code agent.log_format}: how {@code serve} writes log lines. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum LogFormat implements ConfigChoice {
    /** One human-readable line per event (the default). */
    TEXT,
    /** One JSON object per line. */
    JSON;

    /**
     * Returns the choice spelled {@code value} in the file.
     *
     * @throws ConfigException {@code agent.log_format} must be one of ..., for any other spelling (exit 78)
     */
    @JsonCreator
    public static LogFormat of(String value) {
        return Check.oneOf("agent.log_format", value, LogFormat.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
