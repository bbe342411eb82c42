package io.blufio.store;

import java.time.Instant;

/**
 * One recorded occurrence of a schedule (table {@code schedule_runs}).
 *
 * @param id row id
 * @param scheduleId the schedule
 * @param scheduledAt the occurrence's time (for {@code run_now}: when it was asked for)
 * @param firedAt when it was queued or recorded as skipped
 * @param outcome {@code fired}, {@code caught_up}, {@code skipped} or {@code run_now}
 * @param missed occurrences this row stands for (more than 1 only for {@code skipped})
 * @param inboxId the inbox row (the turn) it queued; null when skipped
 * @param note why it was skipped, or null
 * @param turnState the state of its inbox row ({@code pending}, {@code leased}, {@code done}, {@code failed}), or null
 */
public record ScheduleRun(long id, long scheduleId, Instant scheduledAt, Instant firedAt, String outcome, int missed,
        Long inboxId, String note, String turnState) {}
