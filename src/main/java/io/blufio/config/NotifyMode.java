package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** {@code daemon.notify}: whether {@code serve} talks to systemd. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum NotifyMode implements ConfigChoice {
    /** sd_notify when {@code NOTIFY_SOCKET} is set (the default). */
    AUTO,
    /** Never, even under systemd. */
    OFF;

    /**
     * Returns the choice spelled {@code value} in the file.
     *
     * @throws ConfigException {@code daemon.notify} must be one of ..., for any other spelling (exit 78)
     */
    @JsonCreator
    public static NotifyMode of(String value) {
        return Check.oneOf("daemon.notify", value, NotifyMode.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
