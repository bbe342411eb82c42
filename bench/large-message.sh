#!/usr/bin/env bash
# Large-message benchmark: peak RSS around one ~1 MiB message; see src/test/java/io/blufio/bench/LargeMessageBench.java.
exec "$(dirname "$0")/run.sh" LargeMessageBench "$@"
