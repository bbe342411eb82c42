#!/usr/bin/env bash
# Prints the package-level dependencies between blufio's own packages (jdeps -verbose:package on
# target/classes, self-edges and JDK/library packages left out) and the counts DESIGN.md's conventions
# watch: `new ObjectMapper(` outside io.blufio.Json (target 0) and `System.nanoTime(` outside
# io.blufio.Ticker (target 0; Ticker holds the one call). Run after `mvn -q compile`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jdeps="${JAVA_HOME:+$JAVA_HOME/bin/}jdeps"
"$jdeps" -verbose:package -filter:none target/classes 2>/dev/null \
    | grep -E '^\s+io\.blufio\S* +-> io\.blufio' | awk '{print $1" -> "$3}' | sort -u | awk '$1 != $3'
echo "new ObjectMapper( outside Json.java: $(grep -rF 'new ObjectMapper(' src/main/java | grep -vc 'io/blufio/Json.java' || true)"
echo "System.nanoTime( outside Ticker.java: $(grep -rF 'System.nanoTime(' src/main/java | grep -vc 'io/blufio/Ticker.java' || true)"
