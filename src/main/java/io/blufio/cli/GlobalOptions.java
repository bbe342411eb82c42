package io.blufio.cli;

import io.blufio.app.ServeRules;
import io.blufio.config.ConfigLoader;
import io.blufio.config.LoadedConfig;
import io.blufio.vault.SecretResolver;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Flags every command accepts (SPEC section 4), and the environment they are read with. */
public final class GlobalOptions {
    @Option(names = "--config", paramLabel = "<path>", scope = ScopeType.INHERIT,
            description = "Read this TOML file instead of searching ./blufio.toml, ~/.config/blufio/blufio.toml, /etc/blufio/blufio.toml (also BLUFIO_CONFIG).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "<path>", scope = ScopeType.INHERIT,
            description = "Keep the database, keys and pid file here (also BLUFIO_DATA_DIR; default ~/.local/share/blufio).")
    Path dataDir;

    @Option(names = "--plain", scope = ScopeType.INHERIT,
            description = "Print no colour or symbols (also when NO_COLOR is set or output is not a terminal).")
    boolean plain;

    private final Map<String, String> env;
    private final InputStream stdin;

    GlobalOptions(Map<String, String> env) {
        this(env, System.in);
    }

    /** @param stdin standard input, read by {@code config set-secret} (tests pass their own) */
    GlobalOptions(Map<String, String> env, InputStream stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    /** Returns where passphrases and secret values are read: the environment, a terminal prompt, stdin. */
    SecretInput secretInput() {
        return new SecretInput(env, stdin, stdin == System.in ? SecretInput.terminal() : null);
    }

    /** Returns the secret resolver of this process (environment, vault, TOML), asking for the passphrase when needed. */
    SecretResolver secretResolver() {
        SecretInput input = secretInput();
        return new SecretResolver(env, input::passphrase, new SecureRandom(), Clock.systemUTC());
    }

    /** Returns the process environment as given to {@link Main}. */
    Map<String, String> env() {
        return env;
    }

    /** Loads and validates the configuration. @throws io.blufio.config.ConfigException on any problem */
    LoadedConfig load() {
        return ConfigLoader.load(Optional.ofNullable(config), Optional.ofNullable(dataDir), env);
    }

    /**
     * Returns the data dir for the commands that only look for the running daemon ({@code status}, {@code api}):
     * resolved without checking or binding the rest of the configuration when it can be ({@link ConfigLoader#dataDir}),
     * else through {@link #load()}, which reports what is wrong.
     *
     * @throws io.blufio.config.ConfigException when the data dir cannot be told and the configuration is invalid
     */
    Path daemonDataDir() {
        return ConfigLoader.dataDir(Optional.ofNullable(config), Optional.ofNullable(dataDir), env).orElseGet(() -> load().dataDir());
    }

    /** Loads the configuration with {@code serve}'s own rules ({@link ServeRules}) too. */
    LoadedConfig loadForServe() {
        return ConfigLoader.load(Optional.ofNullable(config), Optional.ofNullable(dataDir), env, ServeRules.ALL);
    }

    /** Validates as {@code serve} would: loader problems, {@link ServeRules}, and environment near-miss warnings. */
    ConfigLoader.Validation validateForServe() {
        return ConfigLoader.validate(Optional.ofNullable(config), Optional.ofNullable(dataDir), env, ServeRules.ALL);
    }

    /** Returns true when colour and symbols may be printed. */
    boolean fancy() {
        return !plain && !env.containsKey("NO_COLOR") && SecretInput.terminal() != null;
    }
}
