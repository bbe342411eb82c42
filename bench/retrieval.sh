#!/usr/bin/env bash
# Retrieval benchmark (issue 16), by hand (not in CI). Prints recall@1, recall@5 and MRR of the memory search
# over bench/retrieval/pairs.tsv (+ distractors.tsv) for several pipeline variants, then load time, embedding
# time and RSS of each embedding model in a fresh JVM. Source: src/test/java/io/blufio/memory/RetrievalBench.java.
# Usage: bench/retrieval.sh [minilm|bge|all, default all] [quality|footprint|both, default both]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/src/dist/find-java.sh"; blufio_find_java
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$BLUFIO_JAVA")")")"
cd "$root"
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
models="${1:-all}"; [ "$models" = all ] && models="minilm bge"
what="${2:-both}"
run() {  # the launcher's heap limit and GC, as serve runs
    "$BLUFIO_JAVA" -Xmx128m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Dbench.dir="$root/bench/retrieval" \
        -cp "target/test-classes:target/classes:$(cat target/bench.cp)" io.blufio.memory.RetrievalBench "$@" 2>/dev/null
}
for m in $models; do
    if [ "$what" != footprint ]; then run quality "$m"; fi
    if [ "$what" != quality ]; then run footprint "$m"; fi
done
