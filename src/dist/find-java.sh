# Sourced by the blufio launchers and ./test. Sets BLUFIO_JAVA to a java binary of a JDK >= 21 and
# BLUFIO_JAVA_MAJOR to its feature version, trying JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*
# (newest first). Returns 1 with a message on stderr when none exists.

blufio_java_major() {
    # Prints the feature version of the java binary $1 (17, 21, 25, ...), or nothing.
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

blufio_find_java() {
    local candidates=() c major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}/bin/java"); done
    for c in "${candidates[@]}"; do
        [ -x "$c" ] || continue
        major=$(blufio_java_major "$c")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            BLUFIO_JAVA="$c"
            BLUFIO_JAVA_MAJOR="$major"
            return 0
        fi
    done
    echo "blufio: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
    echo "  Install one (Debian: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
    return 1
}
