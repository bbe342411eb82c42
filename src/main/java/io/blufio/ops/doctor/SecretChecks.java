package io.blufio.ops.doctor;

import io.blufio.config.BlufioConfig;
import io.blufio.config.ConfigLoader;
import io.blufio.config.SecretKey;
import io.blufio.store.Database;
import io.blufio.store.VaultStore;
import io.blufio.vault.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
    static final String KEY_ENV = DoctorSecrets.KEY_ENV;

    private SecretChecks() {}

    static Check vault(DoctorContext ctx, boolean deep) {
        String name = deep ? "vault entries" : "vault";
        return new Check(name, ctx.limits().vault(), "unlocking took too long: check vault.kdf_memory_kib against this host's memory", () -> {
            Optional<Database> db = ctx.database().get();
            if (db.isEmpty()) return CheckResult.skip(name, "no database yet");
            DoctorSecrets s = ctx.secrets().get();  // the one unlock every check shares
            if (!s.vaultPresent()) return CheckResult.skip(name, "no vault (secrets come from the environment or the file)");
            if (!s.passphraseGiven()) {
                return CheckResult.warn(name, "a vault exists (" + s.entries() + " entries) but " + KEY_ENV + " is not set here, so it was not unlocked",
                        "set " + KEY_ENV + " (under systemd: in /etc/blufio/blufio.env) and run `blufio doctor` again");
            }
            if (s.unlockError() != null) {
                String code = s.unlockError().code();
                String fix = switch (code) {
                    case "vault_passphrase" -> "set " + KEY_ENV + " to the passphrase the vault was created with";
                    case "vault_kdf" -> "give the key derivation memory: lower vault.kdf_memory_kib only for a new vault, or free memory";
                    default -> "store the damaged entries again: blufio config set-secret NAME";
                };
                return CheckResult.fail(name, s.unlockError().getMessage(), fix);
            }
            return deep ? CheckResult.ok(name, "all " + s.entries() + " entries decrypt and verify")
                    : CheckResult.ok(name, "unlocks with " + KEY_ENV + " (" + s.entries() + " entries)");
        });
    }

    /** Where each secret comes from (SPEC 3: environment, then vault, then file), as {@code serve} would resolve it here. */
    static Check sources(DoctorContext ctx) {
        String name = "secret sources";
        return new Check(name, ctx.limits().check(), "the secrets could not be resolved in time", () -> {
            DoctorSecrets s = ctx.secrets().get();
            if (s.result() == null) {
                return CheckResult.warn(name, "cannot tell: " + s.resolveError().getMessage(), "set " + KEY_ENV + " to the vault's passphrase");
            }
            List<String> parts = new ArrayList<>();
            for (SecretResolver.Resolution r : s.result().secrets()) {
                switch (r.source()) {
                    case ENV -> parts.add(r.name() + " from the environment (" + r.where() + ")");
                    case VAULT -> parts.add(r.name() + " from the vault (" + r.where() + ")");
                    case FILE -> parts.add(r.name() + " from the config file");
                    case UNSET -> { }
                }
            }
            String unread = s.vaultPresent() && !s.unlocked() ? " (vault not unlocked: entries it holds were not read)" : "";
            return parts.isEmpty() ? CheckResult.skip(name, "no secret is set" + unread) : CheckResult.ok(name, String.join("; ", parts) + unread);
        }).after(ctx.secretsReady());
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
