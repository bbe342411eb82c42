#!/usr/bin/env bash
# Load benchmark: bench/load.sh [turns, default 10000] [sessions, default 20].
# Runs the real daemon (distribution launcher, real JVM flags) against a zero-latency loopback LLM.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/src/dist/find-java.sh"; blufio_find_java
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$BLUFIO_JAVA")")")"
cd "$root"
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
launcher=$(ls -d "$root"/target/blufio-*/bin/blufio | head -n 1)
exec "$BLUFIO_JAVA" -Dblufio.launcher="$launcher" -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
    io.blufio.bench.LoadBench "$@"
