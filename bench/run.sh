#!/usr/bin/env bash
# Runs one benchmark main of src/test/java/io/blufio/bench: bench/run.sh LoadBench|IdleBench|SoakBench [args].
# Runs the real daemon (distribution launcher, real JVM flags) against a zero-latency loopback LLM.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/src/dist/find-java.sh"; blufio_find_java
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$BLUFIO_JAVA")")")"
cd "$root"
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
launcher=$(ls -d "$root"/target/blufio-*/bin/blufio | head -n 1)
exec "$BLUFIO_JAVA" -Dblufio.launcher="$launcher" -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
    "io.blufio.bench.$1" "${@:2}"
