package io.blufio.tools.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a stdio MCP server is started so that it never outlives the daemon: a small POSIX {@code sh} wrapper
 * runs the command in a session of its own ({@code setsid}, so its whole process group can be signalled), passes
 * stdin and stdout through, and watches the daemon: when the daemon is gone (even after {@code kill -9}) or the
 * wrapper gets SIGTERM (a normal stop), it sends SIGTERM to the server's process group and SIGKILL
 * {@link #KILL_AFTER_S} seconds later. The server's own environment is only {@link #PASSED_ENV} of the daemon's
 * plus the configured {@code env}: the daemon's secrets are never passed on.
 */
final class ChildProcess {
    /** Seconds between the wrapper's checks that the daemon still lives; also how long an orphan can last. */
    static final int WATCH_INTERVAL_S = 1;
    /** Seconds between SIGTERM and SIGKILL of the server's process group. */
    static final int KILL_AFTER_S = 2;
    /** Variables of the daemon's environment a server gets (what programs need to run), nothing else. */
    static final List<String> PASSED_ENV = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SHELL", "TERM");

    /** The wrapper; {@code $1} is the daemon's pid, {@code $2...} the command and its arguments. */
    static final String WRAPPER = """
            parent=$1; shift
            exec 3<&0
            if command -v setsid >/dev/null 2>&1; then setsid "$@" <&3 3<&- & else "$@" <&3 3<&- & fi
            child=$!
            exec 3<&-
            stop() { kill -TERM -- -"$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null; \
            ( sleep %2$d; kill -KILL -- -"$child" 2>/dev/null; kill -KILL "$child" 2>/dev/null ) </dev/null >/dev/null 2>&1 & }
            ( while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep %1$d; done
              kill -0 "$parent" 2>/dev/null || { kill -TERM -- -"$child" 2>/dev/null; sleep %2$d; kill -KILL -- -"$child" 2>/dev/null; } \
            ) </dev/null >/dev/null 2>&1 &
            watcher=$!
            trap 'stop; kill "$watcher" 2>/dev/null; exit 143' TERM INT HUP
            wait "$child"; code=$?
            kill "$watcher" 2>/dev/null
            exit $code
            """.formatted(WATCH_INTERVAL_S, KILL_AFTER_S);

    private ChildProcess() {}

    /**
     * Returns the argv that starts {@code command args} under the wrapper; {@code token} becomes the wrapper's
     * {@code $0}, so the daemon can find the wrapper among its children.
     */
    static List<String> argv(String token, String command, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(shell(), "-c", WRAPPER, token, Long.toString(ProcessHandle.current().pid()), command));
        argv.addAll(args);
        return argv;
    }

    /** Returns the environment of a server: {@link #PASSED_ENV} from {@code daemonEnv}, then {@code configured}. */
    static Map<String, String> environment(Map<String, String> daemonEnv, Map<String, String> configured) {
        Map<String, String> env = new TreeMap<>();
        for (String k : PASSED_ENV) {
            String v = daemonEnv.get(k);
            if (v != null) env.put(k, v);
        }
        env.putAll(configured);
        return env;
    }

    private static String shell() {
        return Files.isExecutable(Path.of("/bin/sh")) ? "/bin/sh" : "sh";
    }
}
