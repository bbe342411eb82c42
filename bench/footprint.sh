#!/usr/bin/env bash
# Footprint benchmark: RSS of `serve` split into heap, metaspace, code cache, thread stacks, CDS/AOT,
# libjvm, ONNX Runtime, tokenizer, SQLite and malloc arenas, idle / after 30 turns with memory on /
# after the model is unloaded. See src/test/java/io/blufio/bench/FootprintBench.java.
# Usage: bench/footprint.sh [turns, default 30] [big message KiB, default 0 = none]. Takes about 4 minutes (5 with a big message).
exec "$(dirname "$0")/run.sh" FootprintBench "$@"
