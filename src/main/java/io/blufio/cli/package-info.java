/**
 * The command line (picocli): {@code serve} runs the daemon that {@code app.App} wires together; every other command
 * reports or administers through the daemon's API or the data dir. Only {@link io.blufio.cli.Main#main}
 * ends the JVM ({@code System.exit} for serve, shell and mcp-server; {@code Runtime.halt} after flushing for the
 * short commands, see {@code Main.end}).
 */
package io.blufio.cli;
