#!/usr/bin/env bash
# Load benchmark; arguments and output: see src/test/java/io/blufio/bench/LoadBench.java.
exec "$(dirname "$0")/run.sh" LoadBench "$@"
