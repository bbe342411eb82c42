package io.blufio.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A fake machine in a temp dir: home, current dir and /etc, and an environment map pointing at them. */
final class ConfigFixture {
    final Path home;
    final Path cwd;
    final Path etc;
    final Map<String, String> env = new HashMap<>();

    ConfigFixture(Path root) throws IOException {
        home = Files.createDirectories(root.resolve("home"));
        cwd = Files.createDirectories(root.resolve("cwd"));
        etc = Files.createDirectories(root.resolve("etc"));
        env.put("HOME", home.toString());
    }

    /** Writes {@code text} to {@code file} (creating directories) and returns the file. */
    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** Writes {@code ./blufio.toml} in the fake current dir. */
    Path writeConfig(String text) throws IOException {
        return write(cwd.resolve("blufio.toml"), text);
    }

    ConfigFixture env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ConfigLoader.Validation validate() {
        return validate(Optional.empty(), Optional.empty());
    }

    ConfigLoader.Validation validate(Optional<Path> configFlag, Optional<Path> dataDirFlag) {
        return ConfigLoader.validate(configFlag, dataDirFlag, env, cwd, etc);
    }

    /** The data dir as {@code status} and {@code api} find it, without binding the configuration. */
    Optional<Path> dataDirOnly(Optional<Path> configFlag, Optional<Path> dataDirFlag) {
        return ConfigLoader.dataDir(configFlag, dataDirFlag, env, cwd, etc);
    }

    /** Validates and returns the config, failing the test with the problems when there are any. */
    LoadedConfig load() {
        ConfigLoader.Validation v = validate();
        if (!v.valid()) throw new ConfigException(v.problems());
        return v.loaded().orElseThrow();
    }
}
