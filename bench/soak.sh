#!/usr/bin/env bash
# Soak benchmark; arguments and output: see src/test/java/io/blufio/bench/SoakBench.java.
exec "$(dirname "$0")/run.sh" SoakBench "$@"
