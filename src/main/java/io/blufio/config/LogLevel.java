package io.blufio.config;

/** {@code agent.log_level}: the least severe log lines {@code serve} writes. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum LogLevel implements ConfigChoice {
    ERROR,
    WARN,
    /** The default. */
    INFO,
    DEBUG,
    TRACE;

    @Override
    public String toString() {
        return wireName();
    }
}
