package io.blufio.tools.mcp;

/** Where one MCP server stands; {@link #wire()} is the name in {@code /v1/health}, {@code status} and {@code doctor}. */
public enum ServerState {
    /** Not started yet (stdio servers start at the first turn that needs their tools). */
    NOT_STARTED("not_started"),
    /** Being started or reached. */
    STARTING("starting"),
    /** Connected; its tools are offered (those approved). */
    UP("up"),
    /** Stopped after being idle; restarted at the next call. */
    IDLE("idle"),
    /** Could not be started or reached, or died; retried with back-off. */
    DOWN("down");

    private final String wire;

    ServerState(String wire) {
        this.wire = wire;
    }

    /** Returns the lower-case name used on the wire. */
    public String wire() {
        return wire;
    }
}
