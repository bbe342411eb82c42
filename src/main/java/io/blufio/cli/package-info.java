/**
 * The command line (picocli): {@code serve} wires the daemon together by hand; every other command
 * reports or administers through the daemon's API or the data dir. Only {@link io.blufio.cli.Main#main}
 * calls {@code System.exit}.
 */
package io.blufio.cli;
