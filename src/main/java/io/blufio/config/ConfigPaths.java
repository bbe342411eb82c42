package io.blufio.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the config file and the data dir are (SPEC section 2), read from an environment map so that
 * tests need not touch the process environment. Relative paths resolve against {@code cwd}; a leading
 * {@code ~/} means {@code $HOME}.
 */
final class ConfigPaths {
    /** Name of the config file in each searched directory. */
    static final String FILE_NAME = "blufio.toml";

    private final Map<String, String> env;
    private final Path cwd;
    private final Path etcDir;

    /**
     * @param env the process environment
     * @param cwd directory that relative paths resolve against (absolute)
     * @param etcDir system config directory searched last, {@code /etc/blufio} in production
     */
    ConfigPaths(Map<String, String> env, Path cwd, Path etcDir) {
        this.env = env;
        this.cwd = cwd.toAbsolutePath();
        this.etcDir = etcDir;
    }

    /**
     * Returns the config file to read: {@code flag}, else {@code BLUFIO_CONFIG}, else the first existing
     * of {@code ./blufio.toml}, {@code $XDG_CONFIG_HOME/blufio/blufio.toml}, {@code <etcDir>/blufio.toml};
     * empty when none exists (defaults apply).
     *
     * @throws ConfigException if the file named by the flag or {@code BLUFIO_CONFIG} does not exist
     */
    Optional<Path> configFile(Optional<Path> flag) {
        if (flag.isPresent()) return Optional.of(mustExist(resolve(flag.get().toString()), "--config"));
        String fromEnv = envValue("BLUFIO_CONFIG");
        if (fromEnv != null) return Optional.of(mustExist(resolve(fromEnv), "BLUFIO_CONFIG"));
        Path xdg = xdgDir("XDG_CONFIG_HOME", ".config");
        for (Path candidate : List.of(cwd.resolve(FILE_NAME), xdg.resolve("blufio").resolve(FILE_NAME),
                etcDir.resolve(FILE_NAME))) {
            if (Files.exists(candidate)) return Optional.of(candidate.normalize());
        }
        return Optional.empty();
    }

    /**
     * Returns the data dir, absolute and normalized: {@code flag}, else {@code BLUFIO_DATA_DIR}, else
     * {@code storageDataDir} ({@code storage.data_dir}, may be null), else {@code $XDG_DATA_HOME/blufio}.
     */
    Path dataDir(Optional<Path> flag, String storageDataDir) {
        if (flag.isPresent()) return resolve(flag.get().toString());
        String fromEnv = envValue("BLUFIO_DATA_DIR");
        if (fromEnv != null) return resolve(fromEnv);
        if (storageDataDir != null && !storageDataDir.isBlank()) return resolve(storageDataDir);
        return xdgDir("XDG_DATA_HOME", ".local/share").resolve("blufio").normalize();
    }

    /** Returns {@code path} with a leading {@code ~} or {@code ~/} replaced by the home directory. */
    String expandHome(String path) {
        if (path.equals("~")) return home().toString();
        if (path.startsWith("~/")) return home().resolve(path.substring(2)).toString();
        return path;
    }

    /** Returns the home directory: {@code $HOME}, else the JVM's {@code user.home}. */
    Path home() {
        String home = envValue("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    private Path resolve(String path) {
        return cwd.resolve(expandHome(path)).toAbsolutePath().normalize();
    }

    /** Returns {@code $variable} if absolute (XDG ignores relative ones), else {@code ~/fallback}. */
    private Path xdgDir(String variable, String fallback) {
        String value = envValue(variable);
        if (value != null && Path.of(value).isAbsolute()) return Path.of(value);
        return home().resolve(fallback);
    }

    /** Returns the variable {@code name}, or null when it is unset or blank. */
    String envValue(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static Path mustExist(Path file, String from) {
        if (Files.exists(file)) return file;
        throw new ConfigException(List.of(new ConfigProblem(from, 0, 0, null,
                "config file " + file + " does not exist; fix the path, or leave out "
                        + from + " to use ./" + FILE_NAME + ", $XDG_CONFIG_HOME/blufio/" + FILE_NAME
                        + " or /etc/blufio/" + FILE_NAME + " (defaults when none exists)")));
    }
}
