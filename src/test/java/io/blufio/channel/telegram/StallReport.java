package io.blufio.channel.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the stall watchdog's own report from log lines: the age, in ms, that {@link StallWatchdog} measured
 * for each poll it ended ("getUpdates has not completed for N ms (limit L ms ..."). Tests assert on this
 * reported outcome instead of timing the detection with the wall clock.
 */
public final class StallReport {
    private static final Pattern AGE = Pattern.compile("getUpdates has not completed for (\\d+) ms \\(limit (\\d+) ms");

    private StallReport() {}

    /** Returns the ages of the stalled polls reported in {@code lines}, in ms, oldest report first. */
    public static List<Long> agesMs(List<String> lines) {
        List<Long> ages = new ArrayList<>();
        for (String line : lines) {
            Matcher m = AGE.matcher(line);
            if (m.find() && line.contains("rebuilding the HTTP client")) ages.add(Long.parseLong(m.group(1)));
        }
        return ages;
    }
}
