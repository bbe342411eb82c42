#!/usr/bin/env bash
# Reply delivery benchmark; arguments and output: see src/test/java/io/blufio/bench/DeliveryBench.java.
exec "$(dirname "$0")/run.sh" DeliveryBench "$@"
