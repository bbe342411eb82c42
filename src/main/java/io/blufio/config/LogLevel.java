package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** {@code agent.log_level}: the least severe log lines {@code serve} writes. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum LogLevel implements ConfigChoice {
    ERROR,
    WARN,
    /** The default. */
    INFO,
    DEBUG,
    TRACE;

    /**
     * Returns the choice spelled {@code value} in the file.
     *
     * @throws ConfigException {@code agent.log_level} must be one of ..., for any other spelling (exit 78)
     */
    @JsonCreator
    public static LogLevel of(String value) {
        return Check.oneOf("agent.log_level", value, LogLevel.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
