package io.blufio.config;

/**
 * {@code [inbox]}: the durable queue between channels and the agent.
 *
 * @param maxAttempts turns started for one message without finishing (the process crashed, was killed
 *     or stopped mid-turn) before the message is dead-lettered: marked failed with code
 *     {@code dead_letter}, answered with that error and never run again; at least 1, default 3
 */
public record InboxConfig(Integer maxAttempts) {
    public InboxConfig {
        maxAttempts = Check.atLeast("inbox.max_attempts", Check.or(maxAttempts, 3), 1);
    }
}
