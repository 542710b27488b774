#!/usr/bin/env bash
# Which truncation windows learn a lag-8 dependency. Two binary series (examples/.../MemorySeries.java),
# one grid each of TBPTT(1, k2) for k2 = 4, 5, 6, 8, 9, 12, 16, every trial given exactly the same
# number of updates (LSTM 32, batch 16, Adam 0.005), ranked on the validation MSE of the 0/1 targets
# (the Brier score):
#   echo:  y_t = x_{t-8}, nothing shorter to build on: only k2 >= 9 carries a target's gradient back to
#          the input it copies (0 with lag 8, 0.25 without);
#   pitis: y_t depends on x_{t-3} and x_{t-8} (0.156 with both lags, 0.172 with lag 3 alone): the lag-3
#          term at step t-5 already needs x_{t-8} in the state, so k2 >= 5 learns lag 8 too.
# Usage: bench/lag8.sh [UPDATES=6000] [REPEATS=5] [STEPS=20000] [DIR=lag8]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
updates="${1:-6000}" repeats="${2:-5}" steps="${3:-20000}" dir="${4:-lag8}"
mkdir -p "$dir"
"$root/bin/tbptt4j" --version > /dev/null   # builds the jar on first use
for task in echo pitis; do
  java -cp "$root/cli/target/tbptt4j.jar" "$root/examples/src/main/java/org/tbptt4j/examples/MemorySeries.java" \
      "$dir/$task.csv" "$steps" 11 "$task"
  echo "== $task"
  "$root/bin/tbptt4j" grid --data "$dir/$task.csv" --task per-step --columns x --target y --split 0.5,0.5 \
      --strategies decoupled --k 1:4,1:5,1:6,1:8,1:9,1:12,1:16 --hidden 32 --batch 16 --lr 0.005 \
      --budget-per-trial "${updates}u" --repeats "$repeats" --seed 1 --out "$dir/$task-grid" --no-progress
done
