#!/usr/bin/env bash
# Side-by-side speed comparison with the PyTorch peer benchmarks, which train the same model on the same
# workload and print the same JSON line: ../shared/peers/torch_tbptt_bench.py on Debian's PyTorch (where
# /usr/bin/python3 has torch) and ../shared/peers/libtorch/run.sh on PyTorch 2.10 from Maven Central (where
# it is present; its first run resolves about 100 MB of jars). For each workload the three run alternately,
# REPEATS times each, on the same machine with the same thread count; the script prints each one's median
# steps/s with the range, the ratios, and the fraction of the machine's sgemm rate that tbptt4j reaches.
# The shared peers train one LSTM layer; for a workload of L > 1 stacked layers the PyTorch 2.10 column is
# bench/peers/stacked-lstm-peer.sh (the same workload on libtorch 2.10 with num_layers = L, k1 = k2 only) and
# Debian's column is "-".
#
# --loaded keeps THREADS busy-looping shell processes running beside the benchmarks (a second CPU-bound
# job on the same cores), to measure how each slows down when the machine is shared.
#
# ROUNDS=N (N > 1) runs each tbptt4j process N rounds of the workload (bench --rounds N) and adds a column: the median of
# the last rounds, on kernels the JIT has compiled, and its ratio to the last peer. The other columns stay first rounds.
#
# Usage: bench/compare.sh [--loaded] [REPEATS] [THREADS]        (defaults: 3 repeats, 2 threads)
# Environment: WORKLOADS="h k1 k2 steps batch [layers];..." picks the workloads (layers: default 1), PEERS="py lt" the peers
# (py: Debian's, lt: 2.10), ROUNDS=N the rounds of each tbptt4j process (default 1).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
loaded=0
if [ "${1:-}" = --loaded ]; then
  loaded=1
  shift
fi
repeats="${1:-3}"
threads="${2:-2}"
rounds="${ROUNDS:-1}"
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "compare.sh: ROUNDS=$rounds: the rounds of each tbptt4j process must be a positive whole number" >&2
  exit 2
fi
python=/usr/bin/python3
py_peer="$root/../shared/peers/torch_tbptt_bench.py"
lt_peer="$root/../shared/peers/libtorch/run.sh"
stacked_peer="$root/bench/peers/stacked-lstm-peer.sh"   # PyTorch 2.10 with --layers, on lt_peer's classpath
peers=() names=()
if [ -f "$py_peer" ] && "$python" -c "import torch" 2>/dev/null; then
  peers+=(py) names+=("torch $("$python" -c 'import torch; print(torch.__version__)')")
fi
if [ -x "$lt_peer" ] || [ -f "$lt_peer" ]; then
  peers+=(lt) names+=("libtorch 2.10")
fi
if [ -n "${PEERS:-}" ]; then   # PEERS="lt" (or "py"): only those peers, e.g. to skip Debian's slow build under --loaded
  kept=() kept_names=()
  for i in "${!peers[@]}"; do
    case " $PEERS " in *" ${peers[$i]} "*) kept+=("${peers[$i]}") kept_names+=("${names[$i]}") ;; esac
  done
  peers=("${kept[@]}") names=("${kept_names[@]}")
fi
if [ "${#peers[@]}" = 0 ]; then
  echo "compare.sh: no peer: install Debian's PyTorch (apt-get install python3-torch libopenblas0-pthread) or put the" \
       "libtorch peer at $lt_peer" >&2
  exit 2
fi
"$root/bin/tbptt4j" --version >/dev/null   # build once before timing anything
[ -f "$lt_peer" ] && bash "$lt_peer" --hidden 4 --steps 100 --k1 10 --k2 10 --warmup 1 >/dev/null   # resolve once

busy=()
stop_busy() { for p in "${busy[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_busy EXIT
if [ "$loaded" = 1 ]; then
  for ((i = 0; i < threads; i++)); do
    bash -c 'while :; do :; done' &
    busy+=("$!")
  done
fi

# workload: hidden k1 k2 steps batch [layers] (1 feature, as the performance issue's table; layers default 1);
# WORKLOADS="h k1 k2 steps batch [layers];..." picks others
workloads=("32 50 50 20000 32" "128 50 50 4000 32" "128 50 50 20000 32" "512 50 50 800 32" "128 10 50 2000 32"
           "128 1 1 2000 32" "256 50 50 1000 128" "128 50 50 4000 32 2")
if [ -n "${WORKLOADS:-}" ]; then
  IFS=';' read -ra workloads <<<"$WORKLOADS"
fi
stacked=()   # the layer counts above 1 among the workloads, for the note under the table
for w in "${workloads[@]}"; do
  read -r _ k1 k2 _ _ layers <<<"$w"
  if ! [[ "${layers:-1}" =~ ^[1-9][0-9]*$ ]]; then
    echo "compare.sh: workload \"$w\": the 6th field, layers, must be a positive whole number (the fields: h k1 k2 steps batch layers)" >&2
    exit 2
  fi
  if [ "${layers:-1}" != 1 ] && [ "$k1" != "$k2" ]; then
    echo "compare.sh: workload \"$w\": $layers layers with k1 != k2: the stacked peer runs TBPTT(k, k) only; use k1 = k2" >&2
    exit 2
  fi
  if [ "${layers:-1}" != 1 ] && [[ " ${stacked[*]} " != *" $layers "* ]]; then stacked+=("$layers"); fi
done
if [ "${#stacked[@]}" -gt 0 ] && [[ " ${peers[*]} " == *" lt "* ]]; then
  bash "$stacked_peer" --hidden 4 --layers 2 --steps 100 --k1 10 --k2 10 --warmup 1 >/dev/null   # fails here, not mid-table
fi
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
range() { sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f-%.0f", lo, hi}'; }
rate() { sed -n 's/.*"steps_per_s": \([0-9.e+]*\).*/\1/p'; }
# peer_run PEER LAYERS ARGS...: one run of a peer on a workload of LAYERS stacked layers
peer_run() {
  case "$1" in
    py) "$python" "$py_peer" "${@:3}" ;;
    lt) if [ "$2" = 1 ]; then bash "$lt_peer" "${@:3}"; else bash "$stacked_peer" --layers "$2" "${@:3}"; fi ;;
  esac
}
# peer_runs PEER LAYERS: whether the peer trains that many layers (the shared peers train one; lt has the stacked peer)
peer_runs() { [ "$2" = 1 ] || [ "$1" = lt ]; }

# the machine's limit: PyTorch's sgemm on 2048 x 2048 float32 matrices, best of 10, same threads
sgemm=$("$python" - "$threads" 2>/dev/null <<'PY' || echo 0
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

header="$(printf '%-26s %22s' "workload (F=1)" "tbptt4j")"
for n in "${names[@]}"; do header+="$(printf ' %22s %7s' "$n" "ratio")"; done
[ "$rounds" = 1 ] || header+="$(printf ' %22s %7s' "tbptt4j, round $rounds" "ratio")"
echo "$header $(printf '%9s' "of sgemm")"
for w in "${workloads[@]}"; do
  read -r h k1 k2 steps batch layers <<<"$w"
  layers="${layers:-1}"
  args=(--hidden "$h" --batch "$batch" --features 1 --steps "$steps" --k1 "$k1" --k2 "$k2" --threads "$threads" --seed 7 --warmup 5)
  ours=() warm=()
  declare -A theirs=()
  for ((r = 0; r < repeats; r++)); do
    lines="$("$root/bin/tbptt4j" bench --layers "$layers" --rounds "$rounds" "${args[@]}" | rate)"
    ours+=("$(head -1 <<<"$lines")")
    warm+=("$(tail -1 <<<"$lines")")
    for p in "${peers[@]}"; do
      if peer_runs "$p" "$layers"; then theirs[$p]+="$(peer_run "$p" "$layers" "${args[@]}" | rate) "; fi
    done
  done
  a=$(printf '%s\n' "${ours[@]}" | median)
  label="H=$h k1=$k1 k2=$k2 B=$batch T=$steps$([ "$layers" = 1 ] || echo " L=$layers")"
  line="$(printf '%-26s %10.0f (%s)' "$label" "$a" "$(printf '%s\n' "${ours[@]}" | range)")"
  for p in "${peers[@]}"; do
    if ! peer_runs "$p" "$layers"; then
      line+="$(printf ' %22s %7s' - -)"
      continue
    fi
    b=$(printf '%s\n' ${theirs[$p]} | median)
    line+="$(printf ' %10.0f (%s) %6.2fx' "$b" "$(printf '%s\n' ${theirs[$p]} | range)" "$(awk -v a="$a" -v b="$b" 'BEGIN {print a / b}')")"
  done
  if [ "$rounds" != 1 ]; then   # the warm rounds, against the last peer that ran this workload (b)
    warm_rate=$(printf '%s\n' "${warm[@]}" | median)
    line+="$(printf ' %10.0f (%s) %6.2fx' "$warm_rate" "$(printf '%s\n' "${warm[@]}" | range)" "$(awk -v a="$warm_rate" -v b="${b:-0}" 'BEGIN {print (b > 0 ? a / b : 0)}')")"
  fi
  unset theirs b
  # an LSTM row-step with H units and F = 1 inputs: forward x W_ih^T + h W_hh^T, 4H(H + F) multiply-adds, and
  # k2/k1 backward steps of dW_ih, dW_hh and dh (no dx for the first layer), 4H(2H + F) each; each of the
  # L - 1 layers above has H inputs: forward 4H(2H), backward dW_ih, dW_hh, dh and dx, 4H(4H)
  frac=$(awk -v r="$a" -v s="$sgemm" -v h="$h" -v k1="$k1" -v k2="$k2" -v l="$layers" 'BEGIN {
    fwd = (h + 1) + (l - 1) * 2 * h; bwd = (2 * h + 1) + (l - 1) * 4 * h
    f = r * 2 * 4 * h * (fwd + (k2 / k1) * bwd) / 1e9; printf "%7.0f%%", (s > 0 ? 100 * f / s : 0) }')
  echo "$line $frac"
done
for l in "${stacked[@]}"; do   # the shared peers train one layer
  if [[ " ${peers[*]} " == *" lt "* ]]; then
    echo "L=$l rows: the libtorch 2.10 column is libtorch 2.10 (bench/peers, $l layers): bench/peers/stacked-lstm-peer.sh" \
         "--layers $l; Debian's PyTorch peer has no --layers (-)"
  else
    echo "L=$l rows: the shared peers train one layer (-); PEERS=lt runs bench/peers/stacked-lstm-peer.sh --layers $l"
  fi
done
printf 'sgemm: %.1f GFLOPS (PyTorch %s, 2048 x 2048 float32, best of 10, %s threads)\n' "$sgemm" \
  "$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '-')" "$threads"
echo "($repeats alternating runs each, median steps/s (range) = rows x steps trained per second; $threads threads;" \
     "$([ "$rounds" = 1 ] || echo "tbptt4j columns: round 1 and round $rounds of the same process, against the last peer;")" \
     "$([ "$loaded" = 1 ] && echo "LOADED: $threads busy-looping processes beside;") $(java -version 2>&1 | head -1); $(date -u +%F))"
