#!/usr/bin/env bash
# Media benchmark; arguments and output: see src/test/java/io/blufio/bench/MediaBench.java.
exec "$(dirname "$0")/run.sh" MediaBench "$@"
