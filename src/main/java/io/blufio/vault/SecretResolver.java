package io.blufio.vault;

import io.blufio.Redactor;
import io.blufio.config.BlufioConfig;
import io.blufio.config.SecretKey;
import io.blufio.store.VaultStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Resolves the secret config keys (SPEC section 3): the environment ({@code ANTHROPIC_API_KEY} or the
 * {@code BLUFIO_...__...} form), then the vault entry ({@code anthropic.api_key}), then a plain TOML
 * value. Every value it sees (and the passphrase) is {@link Redactor#register registered}, so no log line
 * or error message shows it afterwards.
 */
public final class SecretResolver {
    /** Where a secret's value came from. */
    public enum Source { ENV, VAULT, FILE, UNSET }

    /**
     * One secret as resolved.
     *
     * @param name the config key ({@code llm.anthropic.api_key}) or, for a custom vault entry, its name
     * @param source where the value came from
     * @param where the variable name for {@link Source#ENV}, the entry name for {@link Source#VAULT}, else empty
     * @param masked the value as shown to people ({@code ****abcd}); empty when unset
     */
    public record Resolution(String name, Source source, String where, String masked) {}

    /**
     * The outcome.
     *
     * @param config the configuration with every secret key set to its resolved value
     * @param secrets one resolution per secret key, then one per custom vault entry
     * @param vaultPresent whether this database holds a vault
     */
    public record Result(BlufioConfig config, List<Resolution> secrets, boolean vaultPresent) {}

    private final Map<String, String> env;
    private final Supplier<char[]> passphrase;
    private final SecureRandom random;
    private final Clock clock;

    /**
     * @param env the process environment
     * @param passphrase asked only when a vault must be unlocked; throws {@link VaultException}
     *     {@code vault_locked} when there is none to give. The array it returns is zeroed after use.
     */
    public SecretResolver(Map<String, String> env, Supplier<char[]> passphrase, SecureRandom random, Clock clock) {
        this.env = Objects.requireNonNull(env);
        this.passphrase = Objects.requireNonNull(passphrase);
        this.random = random;
        this.clock = clock;
    }

    /**
     * Resolves every secret of {@code config}, which came from the loader (environment over TOML).
     *
     * @param store the vault rows, or null when the data dir has no database yet (then there is no vault)
     * @param alwaysUnlock unlock and verify every entry whenever a vault exists ({@code serve}); when false the
     *     vault is unlocked only if a needed entry is in it
     * @throws VaultException when the vault cannot be unlocked or an entry is invalid
     */
    public Result resolve(BlufioConfig config, VaultStore store, boolean alwaysUnlock) {
        boolean present = store != null && Vault.exists(store);
        Set<String> names = Set.copyOf(present ? Vault.names(store) : List.of());
        boolean needed = alwaysUnlock || names.stream().anyMatch(n -> n.startsWith(SecretKey.CUSTOM_PREFIX))
                || config.mcp().vaultRefs().stream().anyMatch(names::contains)
                || Arrays.stream(SecretKey.values()).anyMatch(k -> k.fromEnv(env).isEmpty() && names.contains(k.vaultName()));
        Map<String, String> entries = present && needed ? unlockAll(store) : Map.of();
        entries.values().forEach(Redactor::register);
        BlufioConfig out = config;
        List<Resolution> secrets = new ArrayList<>();
        for (SecretKey k : SecretKey.values()) {
            var fromEnv = k.fromEnv(env);
            String value;
            Resolution r;
            if (fromEnv.isPresent()) {
                value = fromEnv.get().getValue();
                r = new Resolution(k.configKey(), Source.ENV, fromEnv.get().getKey(), Redactor.mask(value));
            } else if (entries.containsKey(k.vaultName())) {
                value = entries.get(k.vaultName());
                r = new Resolution(k.configKey(), Source.VAULT, k.vaultName(), Redactor.mask(value));
            } else {
                value = k.valueIn(config);
                boolean set = value != null && !value.isBlank();
                r = new Resolution(k.configKey(), set ? Source.FILE : Source.UNSET, "", set ? Redactor.mask(value) : "");
            }
            Redactor.register(value);
            if (!Objects.equals(value, k.valueIn(out))) out = k.withValue(out, value);
            secrets.add(r);
        }
        entries.forEach((name, value) -> {
            if (name.startsWith(SecretKey.CUSTOM_PREFIX)) secrets.add(new Resolution(name, Source.VAULT, name, Redactor.mask(value)));
        });
        if (!entries.isEmpty() && !config.mcp().vaultRefs().isEmpty()) {  // ${vault:NAME} in [[mcp.servers]] env and headers
            out = new BlufioConfig(out.agent(), out.llm(), out.routing(), out.telegram(), out.gateway(), out.storage(), out.vault(), out.cost(),
                    out.memory(), out.tools(), out.daemon(), out.metrics(), out.schedules(), out.heartbeat(), out.inbox(), out.transcription(),
                    out.mcp().withSecrets(entries));
        }
        return new Result(out, List.copyOf(secrets), present);
    }

    /** Unlocks the vault with the passphrase (registered, then zeroed) and decrypts every entry. */
    Map<String, String> unlockAll(VaultStore store) {
        try (Vault vault = unlock(store)) {
            return vault.decryptAll();
        }
    }

    /** Unlocks the vault with the passphrase from the supplier; the caller closes it. */
    public Vault unlock(VaultStore store) {
        char[] pass = passphrase.get();
        try {
            Redactor.register(pass);
            return Vault.unlock(store, pass, random, clock);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }
}
