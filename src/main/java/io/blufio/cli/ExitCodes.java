package io.blufio.cli;

import io.blufio.ErrorCode;

/** Exit codes of every command. SPEC.md section 4 is the contract: add codes, never renumber them. */
public final class ExitCodes {
    /** Done as asked. */
    public static final int OK = 0;
    /** Failed; stderr says why and how to fix it. */
    public static final int FAILURE = 1;
    /** Unknown flag, missing argument or bad value. */
    public static final int USAGE = 2;
    /** {@code status} only: no daemon owns the data dir. */
    public static final int NOT_RUNNING = 3;
    /** Another process holds the data dir (EX_TEMPFAIL). */
    public static final int DATA_DIR_LOCKED = 75;
    /** Invalid configuration (EX_CONFIG): systemd must not restart on it. */
    public static final int CONFIG = 78;

    private ExitCodes() {}

    /** Maps an error code of the {@code BlufioException} family to an exit code, from the one table ({@link ErrorCode}). */
    static int forCode(String code) {
        return ErrorCode.exitCodeOf(code);
    }
}
