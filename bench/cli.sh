#!/usr/bin/env bash
# CLI start-up: wall time of `blufio --version`, `--help`, `status` and `api GET /v1/health` (the last two
# against a running daemon), each as a ratio to a bare `java -Xshare:auto -version` on the same machine.
# The commands run interleaved, N rounds (default 15), and the minimum and the median of each are printed:
# on a shared, loaded machine the minimum is the figure that can be compared between runs.
# Usage: bench/cli.sh [rounds] [other checkout to compare, e.g. a copy of main]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-15}"
other="${2:-}"
. "$root/src/dist/find-java.sh"; blufio_find_java
tmp="$(mktemp -d)"
export BLUFIO_DATA_DIR="$tmp/data" BLUFIO_GATEWAY__PORT=0
unset BLUFIO_CONFIG
"$root/blufio" --version >/dev/null              # builds once if needed; not timed
[ -z "$other" ] || "$other/blufio" --version >/dev/null
printf '[storage]\ndata_dir = "%s"\n' "$tmp/data" >"$tmp/blufio.toml"
"$root/blufio" serve 2>"$tmp/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
until [ -f "$tmp/data/daemon.json" ]; do sleep 0.1; done
for i in 1 2 3; do "$root/blufio" status >/dev/null || true; done   # the daemon's first answers are not the CLI's cost

names=("java -Xshare:auto -version")
cmds=("$BLUFIO_JAVA -Xshare:auto -version")
for co in "$root" ${other:+"$other"}; do
    tag=""; [ "$co" = "$root" ] || tag=" (${co})"
    for c in "--version" "--help" "status" "api GET /v1/health"; do
        names+=("blufio $c$tag"); cmds+=("$co/blufio $c")
    done
    # as a user without BLUFIO_DATA_DIR runs it: the data dir comes from storage.data_dir in the config file
    names+=("blufio status (data dir from blufio.toml)$tag"); cmds+=("env -u BLUFIO_DATA_DIR BLUFIO_CONFIG=$tmp/blufio.toml $co/blufio status")
done
declare -a times
for ((r = 0; r < rounds; r++)); do
    for i in "${!cmds[@]}"; do
        s=$(date +%s%N)
        ${cmds[$i]} >/dev/null 2>&1 || true
        times[$i]+="$(( ($(date +%s%N) - s) / 100000 )) "
    done
done
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {printf "%d %d", a[1], a[int((NR+1)/2)]}'; }
read -r bmin bmed <<<"$(stats "${times[0]}")"
printf '%-62s %9s %9s %7s %7s\n' "command ($rounds rounds, interleaved)" "min ms" "median" "min/x" "med/x"
for i in "${!cmds[@]}"; do
    read -r mn md <<<"$(stats "${times[$i]}")"
    printf '%-62s %9.1f %9.1f %7.1f %7.1f\n' "${names[$i]}" "$(bc -l <<<"$mn/10")" "$(bc -l <<<"$md/10")" \
        "$(bc -l <<<"$mn/$bmin")" "$(bc -l <<<"$md/$bmed")"
done
