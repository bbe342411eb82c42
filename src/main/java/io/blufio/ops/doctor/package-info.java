/**
 * {@code blufio doctor}: the checks ({@link io.blufio.ops.doctor.Check}) of config, data dir, store,
 * secrets, providers, Telegram and a running daemon, each with a result a user can act on. Reads and probes,
 * never repairs or changes state; part of {@code ops}, so it may read the packages above it and must not
 * import {@code cli}.
 */
package io.blufio.ops.doctor;
