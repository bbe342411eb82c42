package io.blufio.cli;

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

    /** Maps an error code of the {@code BlufioException} family to an exit code. */
    static int forCode(String code) {
        return switch (code) {
            case "config_invalid", "vault_locked", "vault_passphrase", "vault_corrupt", "vault_entry_invalid", "gateway_remote_refused", "model_unpriced", "pricing_invalid" -> CONFIG;
            case "data_dir_locked" -> DATA_DIR_LOCKED;
            case "usage", "schedule_invalid" -> USAGE;
            default -> FAILURE;
        };
    }
}
