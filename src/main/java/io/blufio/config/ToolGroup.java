package io.blufio.config;

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

    @Override
    public String toString() {
        return wireName();
    }
}
