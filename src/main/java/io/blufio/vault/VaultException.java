package io.blufio.vault;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;

/**
 * The vault cannot be opened or read. Codes (each ends {@code serve} with exit 78, EX_CONFIG, so systemd
 * does not restart-loop on it):
 * <ul>
 *   <li>{@code vault_locked}: a vault exists (or must be created) and no passphrase was given;</li>
 *   <li>{@code vault_passphrase}: the passphrase is wrong, or too short for a new vault;</li>
 *   <li>{@code vault_corrupt}: the master-key row is damaged (the passphrase is right, the key does not unwrap);</li>
 *   <li>{@code vault_entry_invalid}: an entry was renamed or copied in the database, or its bytes were altered.</li>
 * </ul>
 */
public final class VaultException extends BlufioException {
    private static final long serialVersionUID = 1L;

    /** Creates an error with one of the codes above and a message saying how to fix it. */
    public VaultException(String code, String message) {
        super(code, message);
    }

    /** Raises {@code code} of the one table of error codes. */
    public VaultException(ErrorCode code, String message) {
        super(code, message);
    }
}
