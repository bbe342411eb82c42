package io.blufio.config;

/** {@code agent.log_format}: how {@code serve} writes log lines. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum LogFormat implements ConfigChoice {
    /** One human-readable line per event (the default). */
    TEXT,
    /** One JSON object per line. */
    JSON;

    @Override
    public String toString() {
        return wireName();
    }
}
