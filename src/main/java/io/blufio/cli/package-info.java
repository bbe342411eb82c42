/**
 * The command line (picocli): {@code serve} runs the daemon that {@code app.App} wires together; every other command
 * reports or administers through the daemon's API or the data dir. Only {@link io.blufio.cli.Main#main}
 * calls {@code System.exit}.
 */
package io.blufio.cli;
