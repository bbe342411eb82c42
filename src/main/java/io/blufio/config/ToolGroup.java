package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** One group of {@code tools.enabled}: tools the model may use. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum ToolGroup implements ConfigChoice {
    /** {@code current_time}. */
    CLOCK,
    /** {@code http_fetch}, behind the SSRF guard. */
    HTTP_FETCH,
    /** The workspace file tools (and {@code document_save}). */
    WORKSPACE,
    /** The memory tools, while {@code memory.enabled}. */
    MEMORY,
    /** The schedule tools. */
    SCHEDULES;

    /**
     * Returns the choice spelled {@code value} in the file.
     *
     * @throws ConfigException {@code tools.enabled} must be one of ..., for any other spelling (exit 78)
     */
    @JsonCreator
    public static ToolGroup of(String value) {
        return Check.oneOf("tools.enabled", value, ToolGroup.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
