package io.blufio.cli;

/**
 * Colour and symbols for the reports of {@code status}, {@code doctor}, {@code backup}: ANSI colours and
 * Unicode marks on a terminal; plain words when piped, with {@code --plain} or with {@code NO_COLOR}
 * (https://no-color.org).
 */
final class Style {
    private static final String RESET = "\u001b[0m";
    private final boolean fancy;

    Style(boolean fancy) {
        this.fancy = fancy;
    }

    boolean fancy() {
        return fancy;
    }

    /** Returns the mark for a verdict: ok, warn, fail, skip or info. */
    String mark(String verdict) {
        return switch (verdict) {
            case "ok" -> fancy ? green("✓") : "ok  ";
            case "warn" -> fancy ? yellow("!") : "WARN";
            case "fail" -> fancy ? red("✗") : "FAIL";
            case "skip" -> fancy ? dim("-") : "skip";
            default -> fancy ? dim("·") : "    ";
        };
    }

    String green(String s) {
        return paint("32", s);
    }

    String yellow(String s) {
        return paint("33", s);
    }

    String red(String s) {
        return paint("31", s);
    }

    String bold(String s) {
        return paint("1", s);
    }

    String dim(String s) {
        return paint("2", s);
    }

    private String paint(String code, String s) {
        return fancy ? "\u001b[" + code + "m" + s + RESET : s;
    }

    /** Pads {@code s} to {@code width} characters. */
    static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** Returns {@code 2h 03m}, {@code 4m 10s} or {@code 12s}. */
    static String age(long seconds) {
        if (seconds < 0) return "?";
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m " + String.format("%02ds", seconds % 60);
        if (seconds < 86400) return seconds / 3600 + "h " + String.format("%02dm", seconds % 3600 / 60);
        return seconds / 86400 + "d " + String.format("%02dh", seconds % 86400 / 3600);
    }

    /** Returns bytes in MiB with one decimal. */
    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
