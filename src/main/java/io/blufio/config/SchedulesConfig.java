package io.blufio.config;

/**
 * {@code [schedules]}: reminders and recurring tasks (SPEC section 12).
 *
 * @param catchUpS an occurrence missed while blufio was down runs once at start when it is at most this
 *     many seconds old; older ones are recorded as skipped (default 3600)
 * @param maxPerSession active schedules one session may have at most (default 50)
 * @param minIntervalS shortest time between two occurrences of a cron or interval schedule, in seconds
 *     (default 60); a schedule that fires more often is refused
 */
public record SchedulesConfig(Integer catchUpS, Integer maxPerSession, Integer minIntervalS) {
    public SchedulesConfig {
        catchUpS = Check.atLeast("schedules.catch_up_s", Check.or(catchUpS, 3600), 0);
        maxPerSession = Check.between("schedules.max_per_session", Check.or(maxPerSession, 50), 1, 10_000);
        minIntervalS = Check.atLeast("schedules.min_interval_s", Check.or(minIntervalS, 60), 1);
    }
}
