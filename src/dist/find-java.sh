# Sourced by the blufio launchers and ./test. Sets BLUFIO_JAVA to a java binary of a JDK >= 21 and
# BLUFIO_JAVA_MAJOR to its feature version, trying BLUFIO_JAVA (as set by ./blufio for the launcher it
# runs), JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/* (newest first). Returns 1 with a message on
# stderr when none exists. The version is read from the JDK's `release` file (no JVM start); only a JDK
# without one is asked by running it.

blufio_java_major() {
    # Prints the feature version of the java binary $1 (17, 21, 25, ...), or nothing.
    local bin="$1" home line v
    case "$bin" in */bin/java) home="${bin%/bin/java}" ;; *) home="" ;; esac
    if [ -n "$home" ] && [ ! -r "$home/release" ] && [ -L "$bin" ]; then
        bin="$(readlink -f "$bin")"; home="${bin%/bin/java}"
    fi
    if [ -n "$home" ] && [ -r "$home/release" ]; then
        while IFS= read -r line; do
            case "$line" in
                JAVA_VERSION=*)
                    v="${line#JAVA_VERSION=}"; v="${v#\"}"; v="${v%%[!0-9]*}"
                    [ "$v" = 1 ] && v=8   # JAVA_VERSION="1.8.0_..."
                    [ -n "$v" ] && { echo "$v"; return 0; }
                    ;;
            esac
        done <"$home/release"
    fi
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

blufio_find_java() {
    if [ -n "${BLUFIO_JAVA:-}" ] && [ -x "$BLUFIO_JAVA" ] && [ -n "${BLUFIO_JAVA_MAJOR:-}" ] && [ "$BLUFIO_JAVA_MAJOR" -ge 21 ] 2>/dev/null; then
        return 0
    fi
    local candidates=() c major
    [ -n "${BLUFIO_JAVA:-}" ] && candidates+=("$BLUFIO_JAVA")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for c in "${candidates[@]}"; do
        if blufio_try_java "$c"; then return 0; fi
    done
    for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        if blufio_try_java "${c%/}/bin/java"; then return 0; fi
    done
    echo "blufio: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
    echo "  Install one (Debian: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
    return 1
}

blufio_try_java() {
    [ -x "$1" ] || return 1
    local major
    major=$(blufio_java_major "$1")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        BLUFIO_JAVA="$1"
        BLUFIO_JAVA_MAJOR="$major"
        return 0
    fi
    return 1
}
