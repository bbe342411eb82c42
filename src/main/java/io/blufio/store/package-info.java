/**
 * Persistence: the SQLite {@link io.blufio.store.Database} (one serialised writer connection, a few readers),
 * the versioned migrations under {@code db/}, the data dir and the repositories (sessions, messages, inbox,
 * outbox, ledger, memories, vault rows, devices, schedules). Plain JDBC through {@link io.blufio.store.Sql}, no ORM;
 * repositories hold SQL, not policy. May read {@code config}; must not import any other package of ours.
 */
package io.blufio.store;
