#!/usr/bin/env bash
# Side-by-side speed comparison with the PyTorch peer benchmark (../shared/peers/torch_tbptt_bench.py):
# for each workload, runs tbptt4j and PyTorch alternately REPEATS times on the same machine with the same
# thread count, and prints the median steps/s of each and their ratio.
#
# Needs Debian's PyTorch for the system Python:  apt-get install python3-torch libopenblas0-pthread
# Usage: bench/compare.sh [REPEATS] [THREADS]        (defaults: 3 repeats, 2 threads)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="$root/../shared/peers/torch_tbptt_bench.py"
python=/usr/bin/python3
repeats="${1:-3}"
threads="${2:-2}"
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "compare.sh: $python has no torch; install it with: apt-get install python3-torch libopenblas0-pthread" >&2
  exit 2
fi
[ -f "$peer" ] || { echo "compare.sh: the peer benchmark $peer is missing" >&2; exit 2; }
"$root/bin/tbptt4j" --version >/dev/null   # build once before timing anything

# workload: hidden k1 k2 steps (batch 32, 1 feature, as the performance issue's table)
workloads=("32 50 50 20000" "128 50 50 4000" "512 50 50 800" "128 10 50 2000" "128 1 1 2000")
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rate() { sed -n 's/.*"steps_per_s": \([0-9.e+]*\).*/\1/p'; }

printf '%-22s %14s %14s %8s\n' "workload (B=32, F=1)" "tbptt4j" "pytorch" "ratio"
for w in "${workloads[@]}"; do
  read -r h k1 k2 steps <<<"$w"
  args=(--hidden "$h" --batch 32 --features 1 --steps "$steps" --k1 "$k1" --k2 "$k2" --threads "$threads" --seed 7 --warmup 5)
  ours=(); theirs=()
  for ((r = 0; r < repeats; r++)); do
    ours+=("$("$root/bin/tbptt4j" bench "${args[@]}" | rate)")
    theirs+=("$("$python" "$peer" "${args[@]}" | rate)")
  done
  a=$(printf '%s\n' "${ours[@]}" | median)
  b=$(printf '%s\n' "${theirs[@]}" | median)
  printf '%-22s %14.1f %14.1f %7.2fx\n' "H=$h k1=$k1 k2=$k2" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print a / b}')"
  [ "$h" = 512 ] && [ "$k1" = 50 ] && h512="$a"
done
# the machine's limit: PyTorch's sgemm (OpenBLAS) on 2048 x 2048 float32 matrices, best of 10, same threads
sgemm=$("$python" - "$threads" <<'PY'
import sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
for _ in range(3):
    a @ b
best = 0.0
for _ in range(10):
    t = time.perf_counter()
    a @ b
    best = max(best, 2 * 2048 ** 3 / (time.perf_counter() - t))
print(best / 1e9)
PY
)
# an LSTM row-step with H units and F inputs: forward x W_ih^T + h W_hh^T, backward dW_ih, dW_hh and dh
# (no dx for the first layer): 2 * 4H * (3H + 2F) floating-point operations
awk -v r="$h512" -v s="$sgemm" 'BEGIN {f = r * 2 * 4 * 512 * (3 * 512 + 2) / 1e9;
  printf "H=512: tbptt4j %.1f GFLOPS = %.0f%% of the machine'"'"'s sgemm rate, %.1f GFLOPS (PyTorch, 2048 x 2048, best of 10)\n", f, 100 * f / s, s}'

echo "($repeats alternating runs each, median steps/s = rows x steps trained per second; $threads threads; $("$python" -c 'import torch; print("torch", torch.__version__)'), $(java -version 2>&1 | head -1))"
