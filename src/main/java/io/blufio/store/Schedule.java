package io.blufio.store;

import java.time.Instant;

/**
 * One stored schedule (table {@code schedules}).
 *
 * @param id row id, shown to users and the model
 * @param sessionId the owner session; the schedule's turns run there and answer on its channel
 * @param sessionKey the owner session's key, e.g. {@code telegram:42}
 * @param channel the owner session's channel ({@code telegram}, {@code api}, {@code cli})
 * @param kind {@code at}, {@code cron} or {@code every}
 * @param spec the RFC 3339 instant, the 5-field cron expression, or the interval in whole seconds
 * @param zone IANA time zone the cron expression is read in and times are shown in
 * @param prompt what the agent should do when it fires
 * @param createdBy {@code tool} or {@code cli}
 * @param createdAt when it was stored (the start of an {@code every} schedule's intervals)
 * @param nextFireAt the next occurrence not yet fired or skipped; null once done or cancelled
 * @param state {@code active}, {@code done} or {@code cancelled}
 * @param endedAt when it became done or cancelled; null while active
 */
public record Schedule(long id, long sessionId, String sessionKey, String channel, String kind, String spec, String zone,
        String prompt, String createdBy, Instant createdAt, Instant nextFireAt, String state, Instant endedAt) {}
