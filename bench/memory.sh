#!/usr/bin/env bash
# Memory benchmark, by hand (not in CI). Prints:
#  1. RSS of `blufio serve` idle with the embedding model unloaded, then loaded (a message makes the
#     context engine look up memories; no LLM key is needed for that, the turn itself then fails);
#  2. embedding latency per sentence and search latency over N stored facts (bench/MemoryBench.java).
# Usage: bench/memory.sh [facts, default 10000] [idle seconds, default 20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
facts="${1:-10000}"
idle="${2:-20}"
tmp="$(mktemp -d)"
export BLUFIO_DATA_DIR="$tmp/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export BLUFIO_GATEWAY__PORT="$port"
"$root/blufio" --version >/dev/null   # builds the distribution once if needed
home="$(ls -d "$root"/target/blufio-*/ | head -n 1)"

"$root/blufio" serve 2>"$tmp/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.05; done
jpid=$(pgrep -P $pid java || echo $pid)
rss() { awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$jpid/status; }
sleep "$idle"
echo "serve idle RSS, embedding model unloaded (after ${idle} s): $(rss)"
"$root/blufio" api POST /v1/messages --data '{"content":"which pet animal lives with me?"}' >/dev/null 2>&1 || true
until grep -q "embedding model loaded" "$tmp/serve.log"; do sleep 0.1; done
sleep "$idle"
echo "serve idle RSS, embedding model loaded (after ${idle} s): $(rss)"
grep -o "embedding model loaded in [0-9]* ms" "$tmp/serve.log" | head -n 1

# The Java part runs with the launcher's heap limit, from the distribution's jars.
java_bin="$(. "$root/src/dist/find-java.sh"; blufio_find_java >/dev/null; echo "$BLUFIO_JAVA")"
"$java_bin" -Xmx128m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$home/lib/*" "$root/bench/MemoryBench.java" "$facts" 2>/dev/null
