package io.blufio.config;

/**
 * {@code [agent]}: the assistant's identity and the bounds of its turns.
 *
 * @param name shown name of the agent
 * @param systemPrompt system prompt text; null uses the built-in one
 * @param systemPromptFile path of a file holding the system prompt; wins over {@code system_prompt}
 * @param maxSessions session actors kept in memory at once (idle ones are evicted and rebuilt from the DB)
 * @param maxToolIterations model calls within one turn after which the tool loop stops
 * @param historyTurns earlier turns sent to the model with each new message
 * @param logLevel {@code error}, {@code warn}, {@code info} (the default), {@code debug} or {@code trace}
 * @param logFormat {@code text} (the default) or {@code json}
 * @param timezone the user's time zone, an IANA name such as {@code Europe/Paris}; schedules and the
 *     times shown to the model use it; absent = the system zone
 * @param imageHistoryTurns the newest turns whose images are sent again with a new message (default 2, the
 *     new message's own included; 0 sends only the new message's images); older images become a short text note
 * @param maxDocumentChars characters of a document's extracted text given to the model at most (default
 *     100,000); the rest is cut with a note saying so
 */
public record AgentConfig(String name, String systemPrompt, String systemPromptFile, Integer maxSessions,
        Integer maxToolIterations, Integer historyTurns, LogLevel logLevel, LogFormat logFormat, String timezone,
        Integer imageHistoryTurns, Integer maxDocumentChars) {
    public AgentConfig {
        name = Check.or(name, "blufio");
        maxSessions = Check.atLeast("agent.max_sessions", Check.or(maxSessions, 64), 1);
        maxToolIterations = Check.atLeast("agent.max_tool_iterations", Check.or(maxToolIterations, 8), 1);
        historyTurns = Check.atLeast("agent.history_turns", Check.or(historyTurns, 40), 0);
        logLevel = Check.or(logLevel, LogLevel.INFO);
        logFormat = Check.or(logFormat, LogFormat.TEXT);
        imageHistoryTurns = Check.between("agent.image_history_turns", Check.or(imageHistoryTurns, 2), 0, 1000);
        maxDocumentChars = Check.between("agent.max_document_chars", Check.or(maxDocumentChars, 100_000), 1, 10_000_000);
        timezone = timezone == null ? Check.systemZoneId() : Check.zone("agent.timezone", timezone);
    }

    /** Returns {@link #timezone()} as a zone. */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timezone);
    }
}
