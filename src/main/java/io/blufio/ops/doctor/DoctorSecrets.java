package io.blufio.ops.doctor;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.config.BlufioConfig;
import io.blufio.store.Database;
import io.blufio.store.VaultStore;
import io.blufio.vault.SecretResolver;
import io.blufio.vault.Vault;
import io.blufio.vault.VaultException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets as {@code doctor} sees them, resolved once and shared by every check, with at most one vault
 * unlock (one Argon2id run, possibly in a child JVM). With {@code BLUFIO_VAULT_KEY} set the vault is unlocked
 * and every entry verified whether or not a key is needed from it; a vault that does not open is reported by
 * the vault check, and the other checks still resolve what they can without it (a key from the environment
 * does not fail because the vault passphrase is wrong).
 *
 * @param result the resolution (config with secrets, and where each came from); null when a needed entry could not be read
 * @param resolveError why {@code result} is null: the vault was needed but is locked or does not open
 * @param vaultPresent whether the database holds a vault
 * @param passphraseGiven whether {@code BLUFIO_VAULT_KEY} was set
 * @param unlockError why the vault did not open with the passphrase given; null when it opened or was not tried
 * @param entries the number of vault entries (0 without a vault)
 */
public record DoctorSecrets(SecretResolver.Result result, BlufioException resolveError, boolean vaultPresent, boolean passphraseGiven,
        BlufioException unlockError, int entries) {
    /** The variable doctor reads the vault passphrase from; it never prompts. */
    public static final String KEY_ENV = "BLUFIO_VAULT_KEY";

    /** Returns true when the vault exists and opened with the passphrase given. */
    public boolean unlocked() {
        return vaultPresent && passphraseGiven && unlockError == null;
    }

    /** Returns the configuration with every secret resolved; throws {@link #resolveError} when that was impossible. */
    public BlufioConfig config() {
        if (result == null) throw resolveError;
        return result.config();
    }

    /** Returns how one secret key was resolved, if it was. */
    public Optional<SecretResolver.Resolution> source(String configKey) {
        return result == null ? Optional.empty() : result.secrets().stream().filter(r -> r.name().equals(configKey)).findFirst();
    }

    /** Resolves the secrets of {@code config} (see the class comment). */
    public static DoctorSecrets resolve(BlufioConfig config, Optional<Database> db, Map<String, String> env, Clock clock) {
        VaultStore store = db.map(VaultStore::new).orElse(null);
        boolean present = store != null && Vault.exists(store);
        int entries = present ? Vault.names(store).size() : 0;
        String pass = env.get(KEY_ENV);
        boolean given = pass != null && !pass.isEmpty();
        BlufioException unlockError = null;
        if (present && given) {
            try {
                return new DoctorSecrets(resolver(env, null, clock).resolve(config, store, true), null, true, true, null, entries);
            } catch (BlufioException e) {
                unlockError = e;
            }
        }
        BlufioException locked = unlockError != null ? unlockError
                : new VaultException(ErrorCode.VAULT_LOCKED, "the key is in the vault, which is locked: set " + KEY_ENV + " to its passphrase");
        try {
            return new DoctorSecrets(resolver(env, locked, clock).resolve(config, store, false), null, present, given, unlockError, entries);
        } catch (BlufioException e) {
            return new DoctorSecrets(null, e, present, given, unlockError, entries);
        }
    }

    /** A resolver taking the passphrase from the environment, or failing with {@code refuse} when it must not unlock. */
    private static SecretResolver resolver(Map<String, String> env, BlufioException refuse, Clock clock) {
        return new SecretResolver(env, () -> {
            if (refuse != null) throw refuse;
            return env.get(KEY_ENV).toCharArray();
        }, new SecureRandom(), clock);
    }
}
