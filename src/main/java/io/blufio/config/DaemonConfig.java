package io.blufio.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * {@code [daemon]}: process limits.
 *
 * @param memoryWarnMb RSS in MiB at which caches are shed (pressure 1)
 * @param memoryLimitMb RSS in MiB at which new sessions are refused (pressure 2)
 * @param shutdownGraceS whole seconds in-flight turns may take to finish after SIGTERM
 * @param notifyMode key {@code notify}: {@code auto} (sd_notify when {@code NOTIFY_SOCKET} is set) or {@code off}
 */
public record DaemonConfig(Integer memoryWarnMb, Integer memoryLimitMb, Integer shutdownGraceS,
        @JsonProperty("notify") NotifyMode notifyMode) {
    public DaemonConfig {
        memoryWarnMb = Check.atLeast("daemon.memory_warn_mb", Check.or(memoryWarnMb, 150), 16);
        memoryLimitMb = Check.atLeast("daemon.memory_limit_mb", Check.or(memoryLimitMb, 200), 16);
        if (memoryLimitMb < memoryWarnMb) {
            throw new ConfigException("daemon.memory_limit_mb",
                    "must be at least daemon.memory_warn_mb (" + memoryWarnMb + " MiB), got " + memoryLimitMb + " MiB");
        }
        shutdownGraceS = Check.atLeast("daemon.shutdown_grace_s", Check.or(shutdownGraceS, 30), 0);
        notifyMode = Check.or(notifyMode, NotifyMode.AUTO);
    }

    /** Returns {@link #shutdownGraceS()} as a Duration. */
    public Duration shutdownGrace() {
        return Duration.ofSeconds(shutdownGraceS);
    }
}
