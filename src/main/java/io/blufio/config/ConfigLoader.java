package io.blufio.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration (SPEC sections 2 and 3): finds the TOML file, parses it, refuses unknown keys
 * and wrongly typed values, applies {@code BLUFIO_<SECTION>__<KEY>} and secret environment overrides,
 * binds the records (which apply defaults and range checks) and resolves the data dir. Every problem is
 * located (file:line:column or the environment variable) and never shows a secret's value.
 *
 * <p>Steps live in small classes: {@link ConfigPaths} (where), {@link TomlLocator} (lines and columns),
 * {@link SchemaCheck} (unknown keys, types), {@link EnvOverrides}, {@link RecordBinder} (ranges).
 */
public final class ConfigLoader {
    /** The system-wide config directory, searched after {@code ./} and {@code $XDG_CONFIG_HOME/blufio}. */
    private static final Path ETC_DIR = Path.of("/etc/blufio");
    /** Largest config file read, in bytes (1 MiB; a real one is a few KB). A bigger file is refused, never buffered. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private ConfigLoader() {}

    /**
     * The outcome of {@link #validate}: the loaded config when there is no problem at all.
     *
     * @param loaded the config, present only when {@code problems} is empty
     * @param file the config file chosen, empty when none exists (defaults)
     * @param problems every problem found, file ones first in line order; empty when valid
     * @param warnings things that do not stop anything but are probably mistakes (an environment variable that
     *     looks like a setting but is not spelled as one), each naming the right spelling
     */
    public record Validation(Optional<LoadedConfig> loaded, Optional<Path> file, List<ConfigProblem> problems, List<String> warnings) {
        public Validation {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        Validation(Optional<LoadedConfig> loaded, Optional<Path> file, List<ConfigProblem> problems) {
            this(loaded, file, problems, List.of());
        }

        /** Returns this validation with the violations of {@code rules} added as problems (when it was valid so far). */
        Validation withRules(List<ConfigRule> rules, ProblemList located) {
            if (loaded.isEmpty() || rules.isEmpty()) return this;
            for (ConfigRule rule : rules) {
                for (ConfigRule.Violation v : rule.check(loaded.get())) located.atKey(v.key(), v.message());
            }
            return located.isEmpty() ? this : new Validation(Optional.empty(), file, located.sorted(), warnings);
        }

        /** Returns true when the configuration has no problem. */
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Loads the configuration.
     *
     * @param configFlag the {@code --config} flag
     * @param dataDirFlag the {@code --data-dir} flag
     * @param env the process environment ({@link System#getenv()} in production; a map in tests)
     * @return the validated config, the file read and the data dir (absolute, not created here)
     * @throws ConfigException listing every problem found, when there is at least one
     */
    public static LoadedConfig load(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env)
            throws ConfigException {
        return load(configFlag, dataDirFlag, env, List.of());
    }

    /**
     * Loads the configuration and checks {@code rules} too ({@code serve}'s own rules).
     *
     * @throws ConfigException listing every problem found, when there is at least one
     */
    public static LoadedConfig load(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env, List<ConfigRule> rules)
            throws ConfigException {
        // validateOnly, not validate: the environment's near-miss warnings are for validate's callers to print
        Validation v = validateOnly(configFlag, dataDirFlag, env, Path.of("").toAbsolutePath(), ETC_DIR, rules);
        if (!v.valid()) throw new ConfigException(v.problems());
        return v.loaded().orElseThrow();
    }

    /** {@link #validate(Optional, Optional, Map)} plus {@code rules}, as {@code serve} applies them. */
    public static Validation validate(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env, List<ConfigRule> rules) {
        return validate(configFlag, dataDirFlag, env, Path.of("").toAbsolutePath(), ETC_DIR, rules);
    }

    /**
     * Checks the configuration like {@link #load} but collects every problem (unknown keys, types,
     * ranges, across all sections and the environment) instead of throwing; for {@code config validate}.
     */
    public static Validation validate(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env) {
        return validate(configFlag, dataDirFlag, env, Path.of("").toAbsolutePath(), ETC_DIR);
    }

    /** Returns every valid dotted key in record order, e.g. {@code gateway.port}, {@code llm.anthropic.api_key}. */
    public static List<String> knownKeys() {
        return KeyCatalog.instance().leafKeys();
    }

    /** {@link #validate} with the current and system directories given, for tests. */
    static Validation validate(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env,
            Path cwd, Path etcDir) {
        return validate(configFlag, dataDirFlag, env, cwd, etcDir, List.of());
    }

    private static Validation validate(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env,
            Path cwd, Path etcDir, List<ConfigRule> rules) {
        List<String> warnings = EnvOverrides.nearMisses(env);
        Validation v = validateOnly(configFlag, dataDirFlag, env, cwd, etcDir, rules);
        return new Validation(v.loaded(), v.file(), v.problems(), warnings);
    }

    private static Validation validateOnly(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env,
            Path cwd, Path etcDir, List<ConfigRule> rules) {
        ConfigPaths paths = new ConfigPaths(env, cwd, etcDir);
        Parsed parsed = parse(paths, configFlag, env, true);
        if (parsed.failed() != null) return parsed.failed();
        ProblemList problems = parsed.problems();
        Optional<Path> file = parsed.file();
        Optional<BlufioConfig> config = RecordBinder.bind(parsed.root(), problems);
        Path dataDir = null;
        try {
            dataDir = paths.dataDir(dataDirFlag, config.map(c -> c.storage().dataDir()).orElse(null));
        } catch (InvalidPathException e) {
            problems.atKey("storage.data_dir", "the data dir is not a valid path: " + e.getMessage()
                    + "; fix --data-dir, BLUFIO_DATA_DIR or storage.data_dir");
        }
        if (!problems.isEmpty() || config.isEmpty()) {
            return new Validation(Optional.empty(), file, problems.sorted());
        }
        return new Validation(Optional.of(new LoadedConfig(config.get(), file, dataDir)), file, List.of()).withRules(rules, problems);
    }

    /**
     * Returns the data dir as {@link #load} resolves it ({@code --data-dir}, {@code BLUFIO_DATA_DIR},
     * {@code storage.data_dir} from the environment or the file, the XDG default), without checking or binding the
     * rest of the configuration: for {@code status} and {@code api}, which only need to find the running daemon
     * (binding every record is about 30 ms of their start-up; issue 14). Empty when the data dir cannot be told
     * this way: {@code --config} or {@code BLUFIO_CONFIG} names a missing file, the file cannot be read or parsed,
     * {@code storage.data_dir} is not a string, an environment variable is wrong; {@link #load} then reports why.
     */
    public static Optional<Path> dataDir(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env) {
        return dataDir(configFlag, dataDirFlag, env, Path.of("").toAbsolutePath(), ETC_DIR);
    }

    /** {@link #dataDir(Optional, Optional, Map)} with the current and system directories given, for tests. */
    static Optional<Path> dataDir(Optional<Path> configFlag, Optional<Path> dataDirFlag, Map<String, String> env, Path cwd, Path etcDir) {
        ConfigPaths paths = new ConfigPaths(env, cwd, etcDir);
        try {
            paths.configFile(configFlag);  // a --config or BLUFIO_CONFIG naming a missing file is an error even when unread
        } catch (ConfigException e) {
            return Optional.empty();
        }
        String storageDataDir = null;
        if (dataDirFlag.isEmpty() && paths.envValue("BLUFIO_DATA_DIR") == null) {  // else the file is not read at all
            Parsed parsed = parse(paths, configFlag, env, false);
            if (parsed.failed() != null || !parsed.problems().isEmpty()) return Optional.empty();
            JsonNode value = parsed.root().path("storage").path("data_dir");
            if (!value.isMissingNode() && !value.isTextual()) return Optional.empty();
            storageDataDir = value.isTextual() ? value.asText() : null;
        }
        try {
            return Optional.of(paths.dataDir(dataDirFlag, storageDataDir));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The configuration tree before binding: the file's, with the environment applied and {@code ~} expanded.
     *
     * @param file the file read, if any
     * @param root the tree
     * @param problems what was found so far (located in the file)
     * @param failed the outcome when the file could not be found, read or parsed (then the rest is null)
     */
    private record Parsed(Optional<Path> file, ObjectNode root, ProblemList problems, Validation failed) {}

    /** Finds, reads and parses the file, checks it against the schema when {@code check}, and applies the environment. */
    private static Parsed parse(ConfigPaths paths, Optional<Path> configFlag, Map<String, String> env, boolean check) {
        Optional<Path> file;
        try {
            file = paths.configFile(configFlag);
        } catch (ConfigException e) {
            return new Parsed(Optional.empty(), null, null, new Validation(Optional.empty(), Optional.empty(), e.problems()));
        }
        ObjectNode root = RecordBinder.MAPPER.createObjectNode();
        ProblemList problems = new ProblemList(null, null);
        if (file.isPresent()) {
            String name = file.get().toString();
            String text;
            try {
                text = read(file.get());
            } catch (TooLarge e) {
                return failedParse(file, new ConfigProblem(name, 0, 0, null, "the config file is over the 1 MiB limit (" + e.getMessage()
                        + "); a blufio config is a few KB: is --config (or BLUFIO_CONFIG) naming the right file?"));
            } catch (java.nio.charset.CharacterCodingException e) {
                return failedParse(file, new ConfigProblem(name, 0, 0, null, "the config file is not UTF-8 text (" + e.getMessage()
                        + "); save it as UTF-8"));
            } catch (IOException e) {
                return failedParse(file, new ConfigProblem(name, 0, 0, null, "cannot read the config file: " + e
                        + "; check that it is a UTF-8 text file readable by this user"));
            }
            try {
                JsonNode tree = RecordBinder.MAPPER.readTree(text);
                if (tree instanceof ObjectNode o) root = o;
            } catch (JsonProcessingException e) {
                return failedParse(file, syntaxProblem(name, text, e));
            }
            problems = new ProblemList(name, TomlLocator.of(text));
            if (check) SchemaCheck.check(root, problems);
        }
        EnvOverrides.apply(env, root, RecordBinder.MAPPER, problems);
        for (String key : List.of("storage.data_dir", "tools.workspace_dir")) {
            JsonNode table = root.get(key.substring(0, key.indexOf('.')));
            String leaf = key.substring(key.indexOf('.') + 1);
            if (table instanceof ObjectNode t && t.get(leaf) instanceof TextNode v) {
                t.put(leaf, paths.expandHome(v.asText()));
            }
        }
        return new Parsed(file, root, problems, null);
    }

    private static Parsed failedParse(Optional<Path> file, ConfigProblem problem) {
        return new Parsed(file, null, null, failed(file, problem));
    }

    /** A config file over {@link #MAX_FILE_BYTES}; the message says how big (or "endless" for a device). */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String size) {
            super(size);
        }
    }

    /** Reads at most {@link #MAX_FILE_BYTES} + 1 bytes (so {@code /dev/zero} or a huge file never fills the heap) as strict UTF-8. */
    private static String read(Path file) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            long size = Files.isRegularFile(file) ? Files.size(file) : -1;
            throw new TooLarge(size > 0 ? size + " bytes" : "more than " + MAX_FILE_BYTES + " bytes, and not a regular file");
        }
        return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }

    private static Validation failed(Optional<Path> file, ConfigProblem problem) {
        return new Validation(Optional.empty(), file, List.of(problem));
    }

    /** A TOML syntax error at the parser's line and column; the parser's words are left out on a secret's line. */
    private static ConfigProblem syntaxProblem(String file, String text, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : Math.max(0, at.getLineNr());
        int column = at == null ? 0 : Math.max(0, at.getColumnNr());
        String[] lines = text.split("\r?\n", -1);
        String lineText = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        boolean secretLine = lineText.contains("api_key") || lineText.contains("bot_token");
        String detail = secretLine ? "(details hidden: the line holds a secret)" : e.getOriginalMessage();
        return new ConfigProblem(file, line, column, null, "TOML syntax error: " + detail
                + "; fix the file (see https://toml.io/en/v1.0.0)");
    }
}
