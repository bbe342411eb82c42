package io.blufio.ops.doctor;

import io.blufio.config.BlufioConfig;
import io.blufio.config.ConfigLoader;
import io.blufio.config.SecretKey;
import io.blufio.store.Database;
import io.blufio.store.VaultStore;
import io.blufio.vault.Vault;
import io.blufio.vault.VaultException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets: the vault unlocks with {@code BLUFIO_VAULT_KEY} (doctor never prompts), with {@code --deep}
 * every entry decrypts and verifies (AES-GCM tags), and no secret sits in plain text in the config file.
 */
final class SecretChecks {
    /** Unlocking runs Argon2id (64 MiB, 3 passes by default): allow more than a network check. */
    static final Duration VAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String KEY_ENV = "BLUFIO_VAULT_KEY";

    private SecretChecks() {}

    static Check vault(DoctorContext ctx, boolean deep) {
        String name = deep ? "vault entries" : "vault";
        return new Check(name, max(VAULT_TIMEOUT, ctx.limits().check()), "unlocking took too long: check vault.kdf_memory_kib against this host's memory", () -> {
            Optional<Database> db = ctx.database().get();
            if (db.isEmpty()) return CheckResult.skip(name, "no database yet");
            VaultStore store = new VaultStore(db.get());
            if (!Vault.exists(store)) return CheckResult.skip(name, "no vault (secrets come from the environment or the file)");
            String pass = ctx.env().get(KEY_ENV);
            if (pass == null || pass.isEmpty()) {
                return CheckResult.warn(name, "a vault exists but " + KEY_ENV + " is not set here, so it was not unlocked",
                        "set " + KEY_ENV + " (under systemd: in /etc/blufio/blufio.env) and run `blufio doctor` again");
            }
            char[] chars = pass.toCharArray();
            try (Vault v = Vault.unlock(store, chars, new SecureRandom(), ctx.clock())) {
                if (!deep) return CheckResult.ok(name, "unlocks with " + KEY_ENV + " (" + Vault.names(store).size() + " entries)");
                Map<String, String> all = v.decryptAll();
                return CheckResult.ok(name, "all " + all.size() + " entries decrypt and verify");
            } catch (VaultException e) {
                String fix = "vault_passphrase".equals(e.code()) ? "set " + KEY_ENV + " to the passphrase the vault was created with"
                        : "store the damaged entries again: blufio config set-secret NAME";
                return CheckResult.fail(name, e.getMessage(), fix);
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        });
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Check plaintext(DoctorContext ctx) {
        return new Check("plaintext secrets", ctx.limits().check(), "the config file could not be read in time", () -> {
            Optional<Path> file = ctx.loaded().file();
            if (file.isEmpty()) return CheckResult.ok("plaintext secrets", "no config file");
            BlufioConfig fromFile = ConfigLoader.load(file, Optional.of(ctx.dataDir().root()), Map.of()).config();
            List<String> keys = new ArrayList<>();
            for (SecretKey k : SecretKey.values()) {
                String v = k.valueIn(fromFile);
                if (v != null && !v.isBlank()) keys.add(k.configKey());
            }
            if (keys.isEmpty()) return CheckResult.ok("plaintext secrets", "none in " + file.get());
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file.get());
            boolean others = perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ);
            return CheckResult.warn("plaintext secrets", String.join(", ", keys) + " in plain text in " + file.get()
                    + (others ? " (readable by other users)" : ""), "move each into the vault: blufio config set-secret "
                    + keys.get(0) + ", then delete the line from " + file.get());
        });
    }
}
