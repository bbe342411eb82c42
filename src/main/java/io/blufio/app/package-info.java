/**
 * The assembly: {@link io.blufio.app.App} wires the daemon together by hand (data dir lock, database, device
 * keys, provider, tools, agent, channels, ops) and closes it in reverse order; {@code serve}'s own config rules
 * ({@link io.blufio.app.ServeRules}) and the {@code daemon.json} it leaves for clients ({@link io.blufio.app.DaemonInfo})
 * live with it. The only place that knows every package; no logic of its own beyond wiring. Must not import {@code cli}.
 */
package io.blufio.app;
