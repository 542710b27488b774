#!/usr/bin/env bash
# The streaming fixed-lag copy task (examples/.../FixedLagCopy.java): writes the stream, then trains an
# LSTM of 50 with per-step cross-entropy at TBPTT(10, 19), whose gradient spans the lag of 10, and at
# TBPTT(10, 10), whose does not, and prints each validation perplexity beside the no-memory level.
# Usage: bench/copy-task.sh [EPOCHS=30] [STEPS=100000] [DIR=copy-task]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-30}" steps="${2:-100000}" dir="${3:-copy-task}"
mkdir -p "$dir"
java "$root/examples/src/main/java/org/tbptt4j/examples/FixedLagCopy.java" "$dir/copy.csv" "$steps" 10 1
for k2 in 19 10; do
  "$root/bin/tbptt4j" train --data "$dir/copy.csv" --task per-step --time-column step --one-hot x --target y \
      --loss cross-entropy --cell lstm --hidden 50 --strategy decoupled --k1 10 --k2 "$k2" --batch 16 \
      --epochs "$epochs" --seed 1 --out "$dir/model-k2-$k2" --json > "$dir/k2-$k2.json"
  # validation_loss is the mean cross-entropy in nats per step: perplexity = e^loss
  awk -v k2="$k2" '{ match($0, /"validation_loss":[^,}]*/); v = substr($0, RSTART + 18, RLENGTH - 18);
      printf "TBPTT(10,%s): validation cross-entropy %.4f nats, perplexity %.3f\n", k2, v, exp(v) }' "$dir/k2-$k2.json"
done
