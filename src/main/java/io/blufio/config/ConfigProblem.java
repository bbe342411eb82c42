package io.blufio.config;

/**
 * One configuration problem.
 *
 * @param source file path or environment variable name where the value came from; null when unknown
 * @param line 1-based line in {@code source}, 0 when unknown or not a file
 * @param column 1-based column, 0 when unknown
 * @param key dotted key, e.g. {@code gateway.port}
 * @param message what is wrong and how to fix it (may include a "did you mean" suggestion)
 */
public record ConfigProblem(String source, int line, int column, String key, String message) {
    /** Returns {@code source:line:column: message}, leaving out the parts that are unknown. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) sb.append(':').append(column);
            }
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
