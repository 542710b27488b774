#!/usr/bin/env bash
# PyTorch 2.10 peer of `tbptt4j bench --layers N` (StackedLstmPeer.java beside this file): a stacked LSTM on the
# shared peers' workload, their flags plus --layers, one JSON line. It runs on the classpath that
# ../shared/peers/libtorch/run.sh resolves (org.bytedeco:pytorch 2.10 and its natives, cached in
# ~/.cache/libtorch-peer/cp.txt); where that is absent it runs the shared peer once, tiny, to create it.
# Usage: bench/peers/stacked-lstm-peer.sh --hidden 128 --layers 2 --batch 32 --steps 4000 --k1 50 --k2 50 --threads 2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shared_peer="$here/../../../shared/peers/libtorch/run.sh"
cp_file="${XDG_CACHE_HOME:-$HOME/.cache}/libtorch-peer/cp.txt"
if [ ! -s "$cp_file" ]; then
  if [ ! -f "$shared_peer" ]; then
    echo "stacked-lstm-peer: no PyTorch 2.10 classpath at $cp_file and no $shared_peer to resolve it" >&2
    exit 2
  fi
  bash "$shared_peer" --hidden 4 --steps 100 --k1 10 --k2 10 --warmup 1 >/dev/null
fi
if ! grep -q 'pytorch-2\.10\.0' "$cp_file"; then
  echo "stacked-lstm-peer: $cp_file does not name PyTorch 2.10.0's jars; delete it and rerun to resolve it again" >&2
  exit 2
fi
exec java -cp "$(cat "$cp_file")" "$here/StackedLstmPeer.java" "$@"
