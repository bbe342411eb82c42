package io.blufio.cli;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.BlufioException;
import io.blufio.Redactor;
import io.blufio.config.LoadedConfig;
import io.blufio.config.SecretKey;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.VaultStore;
import io.blufio.vault.KdfParams;
import io.blufio.vault.SecretResolver;
import io.blufio.vault.Vault;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blufio config set-secret | list-secrets | change-passphrase}: the vault from the command line.
 * Values come from a hidden prompt or one line of stdin, the passphrase from {@code BLUFIO_VAULT_KEY} or a
 * prompt ({@link SecretInput}); nothing printed shows more than {@code ****} and the last four characters.
 * A running daemon reads its secrets at start: restart it to use a new value.
 */
final class SecretCommands {
    private static final Logger log = LoggerFactory.getLogger(SecretCommands.class);

    private SecretCommands() {}

    /** Resolves the secrets of {@code loaded}, opening the database only when it exists. */
    static SecretResolver.Result resolve(GlobalOptions global, LoadedConfig loaded, boolean alwaysUnlock) {
        DataDir dir = new DataDir(loaded.dataDir());
        if (!Files.exists(dir.database())) return global.secretResolver().resolve(loaded.config(), null, alwaysUnlock);
        try (Database db = Database.open(dir.database())) {
            return global.secretResolver().resolve(loaded.config(), new VaultStore(db), alwaysUnlock);
        }
    }

    /**
     * Returns {@code loaded} with its secrets resolved for a daemon start ({@code serve}, the local
     * {@code shell}): holding the data dir lock (so a second daemon still gets exit 75 first), it unlocks the
     * vault when one exists and decrypts every entry, so a wrong or missing passphrase, a damaged master row
     * or a renamed entry stops the start (exit 78) instead of running without secrets.
     */
    static LoadedConfig forStart(GlobalOptions global, LoadedConfig loaded) {
        return forStart(global, loaded, DataDir.SERVE);
    }

    /** {@link #forStart(GlobalOptions, LoadedConfig)}, holding the data dir as {@code kind} ({@link DataDir#SHELL} for the shell). */
    static LoadedConfig forStart(GlobalOptions global, LoadedConfig loaded, String kind) {
        DataDir dir = new DataDir(loaded.dataDir());
        if (!Files.exists(dir.database())) return withConfig(loaded, global.secretResolver().resolve(loaded.config(), null, true));
        long started = Ticker.SYSTEM.nanoTime();
        SecretResolver.Result result;
        try (DataDir.ProcessLock lock = dir.lock(kind); Database db = Database.open(dir.database())) {
            result = global.secretResolver().resolve(loaded.config(), new VaultStore(db), true);
        }
        if (result.vaultPresent()) {
            log.info("vault unlocked in {} ms; {}", (Ticker.SYSTEM.nanoTime() - started) / 1_000_000, result.secrets().stream()
                    .map(r -> r.name() + (r.source() == SecretResolver.Source.UNSET ? " unset" : " from " + sourceName(r))).collect(java.util.stream.Collectors.joining(", ")));
        }
        return withConfig(loaded, result);
    }

    private static LoadedConfig withConfig(LoadedConfig loaded, SecretResolver.Result result) {
        return new LoadedConfig(result.config(), loaded.file(), loaded.dataDir());
    }

    static String sourceName(SecretResolver.Resolution r) {
        return r.source().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String describe(SecretResolver.Resolution r, LoadedConfig loaded) {
        return switch (r.source()) {
            case ENV -> "from environment variable " + r.where();
            case VAULT -> "from the vault entry " + r.where();
            case FILE -> "from " + loaded.file().map(Object::toString).orElse("the config file")
                    + " in plain text; move it into the vault with `blufio config set-secret " + r.name() + "`";
            case UNSET -> "not set";
        };
    }

    @Command(name = "set-secret", mixinStandardHelpOptions = true,
            header = "Store a secret in the vault, read from a hidden prompt or one line of stdin (never from the command line).",
            description = {"KEY is a secret key (llm.anthropic.api_key or anthropic.api_key, llm.openai.api_key, telegram.bot_token)",
                    "or a custom name custom.<name>. The first secret creates the vault: its passphrase comes from",
                    "BLUFIO_VAULT_KEY, or is asked twice on a terminal. Later ones need the same passphrase."},
            footer = {"", "Example:", "  printf '%%s\\n' \"$KEY\" | BLUFIO_VAULT_KEY=... blufio config set-secret anthropic.api_key"})
    static final class SetSecret implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "The secret's key or vault name.") String key;
        @Parameters(index = "1..*", arity = "0..*", hidden = true) List<String> extra;
        private final GlobalOptions global;

        SetSecret(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            var err = spec.commandLine().getErr();
            if (extra != null && !extra.isEmpty()) {
                err.println("blufio: set-secret takes no value on the command line (it would stay in the shell history and"
                        + " show in ps); type it at the prompt or pipe one line: printf '%s\\n' \"$VALUE\" | blufio config set-secret " + key);
                return ExitCodes.USAGE;
            }
            var name = SecretKey.vaultNameFor(key);
            if (name.isEmpty()) {
                err.println("blufio: `" + key + "` is not a secret key; use one of anthropic.api_key, openai.api_key,"
                        + " telegram.bot_token (or their llm. forms), or a custom name custom.<name> (lower case, digits, _ . -)");
                return ExitCodes.USAGE;
            }
            LoadedConfig loaded = global.load();
            SecretInput input = global.secretInput();
            DataDir dir = new DataDir(loaded.dataDir()).create();
            String masked;
            boolean created = false;
            try (Database db = Database.open(dir.database())) {
                VaultStore store = new VaultStore(db);
                Vault vault;
                if (Vault.exists(store)) {
                    vault = global.secretResolver().unlock(store);
                } else {
                    char[] pass = input.newPassphrase(true, false);
                    try {
                        Redactor.register(pass);
                        vault = Vault.create(store, pass, KdfParams.of(loaded.config().vault()), new SecureRandom(), Clock.systemUTC());
                        created = true;
                    } finally {
                        Arrays.fill(pass, '\0');
                    }
                }
                try (vault) {
                    char[] value = trim(input.secretValue(name.get()));
                    try {
                        Redactor.register(value);
                        vault.put(name.get(), value);
                        masked = Redactor.mask(new String(value));
                    } finally {
                        Arrays.fill(value, '\0');
                    }
                }
            }
            var out = spec.commandLine().getOut();
            if (created) out.println("created the vault in " + dir.database() + " (" + KdfParams.of(loaded.config().vault()) + ")");
            out.println("stored " + name.get() + " in the vault (" + masked + "); a running daemon uses it after a restart");
            SecretKey.byName(name.get()).ifPresent(k -> {
                k.fromEnv(global.env()).ifPresent(e -> out.println("note: " + e.getKey() + " is set and wins over the vault"));
                if (k.fromEnv(global.env()).isEmpty() && k.valueIn(loaded.config()) != null) {
                    out.println("note: the vault now wins over the plain " + k.configKey() + " in "
                            + loaded.file().map(Object::toString).orElse("the config file") + "; remove it from there");
                }
            });
            return ExitCodes.OK;
        }

        private static char[] trim(char[] value) {
            int from = 0;
            int to = value.length;
            while (from < to && Character.isWhitespace(value[from])) from++;
            while (to > from && Character.isWhitespace(value[to - 1])) to--;
            if (from == 0 && to == value.length) return value;
            char[] out = Arrays.copyOfRange(value, from, to);
            Arrays.fill(value, '\0');
            if (out.length == 0) throw new BlufioException(ErrorCode.USAGE, "the value is blank; nothing was stored");
            return out;
        }
    }

    @Command(name = "list-secrets", mixinStandardHelpOptions = true,
            header = "List the secret keys and vault entries with masked values and where each comes from.")
    static final class ListSecrets implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "Print one JSON object {vault, secrets: [{name, value, source, where}]}.") boolean json;
        private final GlobalOptions global;

        ListSecrets(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            LoadedConfig loaded = global.load();
            SecretResolver.Result result = resolve(global, loaded, true);
            var out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = ConfigCommand.JSON.createObjectNode();
                root.putObject("vault").put("present", result.vaultPresent())
                        .put("database", new DataDir(loaded.dataDir()).database().toString());
                var list = root.putArray("secrets");
                for (var r : result.secrets()) {
                    list.addObject().put("name", r.name()).put("value", r.masked().isEmpty() ? null : r.masked())
                            .put("source", sourceName(r)).put("where", r.where());
                }
                out.println(root.toString());
                return ExitCodes.OK;
            }
            out.println(result.vaultPresent() ? "vault: " + new DataDir(loaded.dataDir()).database() : "vault: none yet (config set-secret creates it)");
            for (var r : result.secrets()) {
                out.printf("%-24s %-10s %s%n", r.name(), r.masked().isEmpty() ? "-" : r.masked(), describe(r, loaded));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "change-passphrase", mixinStandardHelpOptions = true,
            header = "Re-wrap the vault's master key under a new passphrase; entries are not re-encrypted.",
            description = {"The current passphrase comes from BLUFIO_VAULT_KEY or a prompt; the new one is asked twice on a",
                    "terminal, or read as one line of stdin. [vault] kdf_* apply to the new wrapping. Then update",
                    "BLUFIO_VAULT_KEY wherever the daemon reads it (e.g. the systemd EnvironmentFile)."})
    static final class ChangePassphrase implements Callable<Integer> {
        @Spec CommandSpec spec;
        private final GlobalOptions global;

        ChangePassphrase(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            LoadedConfig loaded = global.load();
            DataDir dir = new DataDir(loaded.dataDir());
            if (!Files.exists(dir.database())) throw noVault(dir);
            KdfParams params = KdfParams.of(loaded.config().vault());
            try (Database db = Database.open(dir.database())) {
                VaultStore store = new VaultStore(db);
                if (!Vault.exists(store)) throw noVault(dir);
                try (Vault vault = global.secretResolver().unlock(store)) {
                    char[] next = global.secretInput().newPassphrase(false, true);
                    try {
                        Redactor.register(next);
                        vault.changePassphrase(next, params);
                    } finally {
                        Arrays.fill(next, '\0');
                    }
                }
            }
            spec.commandLine().getOut().println("vault passphrase changed (" + params + "); update BLUFIO_VAULT_KEY wherever the daemon reads it");
            return ExitCodes.OK;
        }

        private static BlufioException noVault(DataDir dir) {
            return new BlufioException(ErrorCode.VAULT_MISSING, "there is no vault in " + dir.database()
                    + "; `blufio config set-secret KEY` creates one");
        }
    }
}
