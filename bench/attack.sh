#!/usr/bin/env bash
# Attack benchmark on loopback (issue 11): unauthenticated 1 MiB bodies, then slowloris; see
# src/test/java/io/blufio/bench/AttackBench.java. Usage: bench/attack.sh [bodies] [slowloris] [phase_s].
# Needs about slowloris + bodies + 100 file descriptors in this shell (ulimit -n).
need=$(( ${2:-3000} + ${1:-200} + 200 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then ulimit -n "$need" 2>/dev/null || {
    echo "attack.sh: needs ulimit -n >= $need (have $(ulimit -n)); raise it or pass fewer connections" >&2; exit 1; }; fi
exec "$(dirname "$0")/run.sh" AttackBench "$@"
