package io.blufio.config;

/** {@code daemon.notify}: whether {@code serve} talks to systemd. Spelled in lower case in the file ({@link ConfigChoice}). */
public enum NotifyMode implements ConfigChoice {
    /** sd_notify when {@code NOTIFY_SOCKET} is set (the default). */
    AUTO,
    /** Never, even under systemd. */
    OFF;

    @Override
    public String toString() {
        return wireName();
    }
}
