#!/usr/bin/env bash
# Schedule fire-time lag with 100 schedules due in the same minute; output: see src/test/java/io/blufio/bench/ScheduleLagBench.java.
exec "$(dirname "$0")/run.sh" ScheduleLagBench "$@"
