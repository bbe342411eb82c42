package io.blufio.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found while loading one configuration, each placed where its value came from: the
 * environment variable that set the key, else the key's line and column in the TOML file (or of its
 * enclosing table when the key itself is absent), else nowhere.
 */
final class ProblemList {
    private final String file;
    private final TomlLocator locator;
    private final Map<String, String> envSources = new HashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    /**
     * @param file path of the TOML file as the user should see it, null when no file was read
     * @param locator key positions in that file, null when no file was read
     */
    ProblemList(String file, TomlLocator locator) {
        this.file = file;
        this.locator = locator;
    }

    /** Notes that {@code key} was set by environment variable {@code variable}, so later problems name it. */
    void setByEnv(String key, String variable) {
        envSources.put(key, variable);
    }

    /** Adds a problem about {@code key}, located at its source (env variable or file position). */
    void atKey(String key, String message) {
        String variable = envSources.get(key);
        if (variable != null) {
            problems.add(new ConfigProblem(variable, 0, 0, key, message));
        } else if (locator != null) {
            var pos = locator.find(key);
            problems.add(new ConfigProblem(file, pos.map(TomlLocator.Position::line).orElse(0),
                    pos.map(TomlLocator.Position::column).orElse(0), key, message));
        } else {
            problems.add(new ConfigProblem(file, 0, 0, key, message));
        }
    }

    /** Adds a problem about environment variable {@code variable}; {@code key} may be null. */
    void atEnv(String variable, String key, String message) {
        problems.add(new ConfigProblem(variable, 0, 0, key, message));
    }

    /** Adds a problem already located. */
    void add(ConfigProblem problem) {
        problems.add(problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Returns the problems: those in the file first, by line and column, then the others as found. */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> inFile = new ArrayList<>();
        List<ConfigProblem> rest = new ArrayList<>();
        for (ConfigProblem p : problems) {
            (file != null && file.equals(p.source()) ? inFile : rest).add(p);
        }
        inFile.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        inFile.addAll(rest);
        return List.copyOf(inFile);
    }
}
