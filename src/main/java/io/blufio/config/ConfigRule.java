package io.blufio.config;

import java.util.List;

/**
 * A rule {@code serve} applies to a bound configuration beyond types and ranges: ones that need the
 * network or the file system (a non-loopback {@code gateway.host}, an unreadable {@code system_prompt_file},
 * an unpriced model). {@code config validate} and {@code doctor} run the same rules, so what makes
 * {@code serve} exit 78 makes them say so with the same message, placed at the key's file line or variable.
 */
@FunctionalInterface
public interface ConfigRule {
    /**
     * One broken rule.
     *
     * @param key the dotted key to blame, e.g. {@code gateway.host}; its source (file line or variable) is added
     * @param message what is wrong and how to fix it, naming the key
     */
    record Violation(String key, String message) {}

    /** Returns the violations of {@code config} (with the data dir {@code loaded.dataDir()}); empty when it holds. */
    List<Violation> check(LoadedConfig loaded);
}
