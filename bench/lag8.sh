#!/usr/bin/env bash
# Pitis' binary series (examples/.../PitisSeries.java): y_t depends on x_{t-3} and x_{t-8}. A grid of
# TBPTT(1, k2) for k2 = 4, 6, 9, 12, 16, every trial given exactly the same number of updates, ranks
# the windows; only k2 >= 9 carries a target's gradient back to the input 8 steps before it.
# The metric is the validation MSE on the 0/1 targets (the Brier score): 0.156 with both lags, 0.172
# with lag 3 alone.
# Usage: bench/lag8.sh [UPDATES=5000] [REPEATS=10] [STEPS=20000] [DIR=lag8]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
updates="${1:-5000}" repeats="${2:-10}" steps="${3:-20000}" dir="${4:-lag8}"
mkdir -p "$dir"
"$root/bin/tbptt4j" --version > /dev/null   # builds the jar on first use
java -cp "$root/cli/target/tbptt4j.jar" "$root/examples/src/main/java/org/tbptt4j/examples/PitisSeries.java" \
    "$dir/pitis.csv" "$steps" 11
"$root/bin/tbptt4j" grid --data "$dir/pitis.csv" --task per-step --columns x --target y --split 0.5,0.5 \
    --strategies decoupled --k 1:4,1:6,1:9,1:12,1:16 --hidden 16 --batch 8 --lr 0.01 \
    --budget-per-trial "${updates}u" --repeats "$repeats" --seed 1 --out "$dir/grid" --no-progress
