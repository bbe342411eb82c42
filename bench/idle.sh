#!/usr/bin/env bash
# Idle benchmark; arguments and output: see src/test/java/io/blufio/bench/IdleBench.java.
exec "$(dirname "$0")/run.sh" IdleBench "$@"
