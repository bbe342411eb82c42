package io.blufio.config;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import java.util.List;

/**
 * Invalid configuration: an unknown or misspelled key, a value of the wrong type or out of range, in
 * the TOML file or in a {@code BLUFIO_<SECTION>__<KEY>} environment variable. Code
 * {@code config_invalid}; the CLI exits 78 (EX_CONFIG) on it so that systemd does not restart-loop.
 */
public final class ConfigException extends BlufioException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    /** Creates an error carrying every problem found (at least one). */
    public ConfigException(List<ConfigProblem> problems) {
        super(ErrorCode.CONFIG_INVALID, render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Creates an error for one key, e.g. {@code new ConfigException("gateway.port", "must be at most 65535, got 70000")}. */
    public ConfigException(String key, String problem) {
        this(List.of(new ConfigProblem(null, 0, 0, key, problem + " (key " + key + ")")));
    }

    /** Returns every problem found, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(p.render());
        }
        return sb.toString();
    }
}
