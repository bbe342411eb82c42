package io.blufio.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelled keys, sections and environment variables: the candidate nearest by
 * optimal string alignment distance (Levenshtein plus transposition of two adjacent characters).
 */
final class Suggestions {
    private Suggestions() {}

    /**
     * Returns the candidate nearest to {@code typo}, if it is near enough to be a plausible typo: at most
     * a third of the longer name's length (at least 1, at most 3 edits), or one of the two contains the other.
     */
    static Optional<String> nearest(String typo, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lowerTypo = typo.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(lowerTypo, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) return Optional.empty();
        int limit = Math.min(3, Math.max(1, Math.max(typo.length(), best.length()) / 3));
        boolean contains = typo.length() >= 3 && (best.contains(lowerTypo) || lowerTypo.contains(best));
        return bestDistance <= limit || contains ? Optional.of(best) : Optional.empty();
    }

    /** Returns {@code "; did you mean `x`?"} for the nearest candidate, or "" when none is near. */
    static String didYouMean(String typo, Collection<String> candidates) {
        return nearest(typo, candidates).map(s -> "; did you mean `" + s + "`?").orElse("");
    }

    /** Optimal string alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
