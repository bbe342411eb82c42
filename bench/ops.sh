#!/usr/bin/env bash
# Wall times of the operator commands (status, doctor with a working / hanging LLM / a vault), printed,
# never asserted by the test suite. Usage: bench/ops.sh [runs per figure, default 5].
exec "$(dirname "$0")/run.sh" OpsBench "$@"
