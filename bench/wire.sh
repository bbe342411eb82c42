#!/usr/bin/env bash
# Wire and footprint benchmark of the LLM adapters; arguments and output: src/test/java/io/blufio/bench/WireBench.java.
exec "$(dirname "$0")/run.sh" WireBench "$@"
