#!/usr/bin/env bash
# Trials per minute of one grid on three engines: the local engine with 1 and 2 workers, and Spark in
# local[2] mode. Runs them alternately REPEATS times, each into a fresh folder, and prints the median
# trials per minute of the whole command (start-up included) and the ratios to 1 local worker, and
# trials per minute from the first trial's start to the last one's end (the journal's timestamps: the
# engine's throughput without the JVM's and Spark's start-up).
#
# Usage: bench/grid.sh [REPEATS] [small|mid]        (defaults: 3 repeats, mid)
# The grids, on the bundled Mackey-Glass series (naive strategy, lengths 25 and 50, LSTM, batch 16, Adam):
#   small  --hidden 64  --epochs 12 --repeats 6   12 trials of about 0.4 s: the performance issue's measurement
#   mid    --hidden 128 --epochs 20 --repeats 10  20 trials of about 2 s
# or any grid in GRID_ARGS. On a small grid fixed costs weigh: about 0.6 s of JVM start, preparation and
# first summary that one thread does before any trial, 1 to 2 s of CPU for the JIT's compilation (which one
# worker leaves to the idle core, but two workers share their cores with), and for Spark its start-up.
# The machine should be otherwise idle: on 2 cores any other process takes from the 2-worker runs first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"
data="$root/data/mackey-glass-t17/MackeyGlass_t17.txt"
case "${2:-mid}" in
  small) preset="--hidden 64 --epochs 12 --repeats 6" ;;
  mid) preset="--hidden 128 --epochs 20 --repeats 10" ;;
  *) echo "grid.sh: the grid is small or mid (or set GRID_ARGS), not '$2'" >&2; exit 2 ;;
esac
read -ra grid <<< "${GRID_ARGS:---data $data --strategies naive --lengths 25,50 $preset}"
"$root/bin/tbptt4j" --version >/dev/null                   # build both launchers' jars before timing anything
"$root/bin/tbptt4j" grid --help --engine spark >/dev/null

engines=("local, 1 worker|--workers 1" "local, 2 workers|--workers 2" "spark local[2]|--engine spark --master local[2]")
work="$(mktemp -d -t tbptt4j-gridbench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A rates inner
# trials per minute between the first trial's start and the last trial's end, from the journal
span() {
  python3 - "$1" <<'PY'
import json, sys
from datetime import datetime
t = [json.loads(l) for l in open(sys.argv[1])]
end = [datetime.fromisoformat(x["finished_at"].replace("Z", "+00:00")).timestamp() for x in t]
start = min(e - x["seconds"] for e, x in zip(end, t))
print(60 * len(t) / (max(end) - start))
PY
}
for ((r = 0; r < repeats; r++)); do
  for i in "${!engines[@]}"; do
    read -ra opts <<< "${engines[$i]#*|}"
    out="$work/$r-$i"
    start=$(date +%s.%N)
    "$root/bin/tbptt4j" grid "${grid[@]}" "${opts[@]}" --out "$out" --no-progress >/dev/null
    end=$(date +%s.%N)
    n=$(wc -l < "$out/trials.jsonl")
    rates[$i]+="$(awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN {print 60 * n / (e - s)}') "
    inner[$i]+="$(span "$out/trials.jsonl") "
  done
done
base=$(printf '%s\n' ${rates[0]} | median)
ibase=$(printf '%s\n' ${inner[0]} | median)
printf '%-18s %12s %10s %14s %10s\n' "engine" "trials/min" "vs 1 local" "trials only" "vs 1 local"
for i in "${!engines[@]}"; do
  m=$(printf '%s\n' ${rates[$i]} | median)
  k=$(printf '%s\n' ${inner[$i]} | median)
  printf '%-18s %12.1f %9.2fx %14.1f %9.2fx\n' "${engines[$i]%%|*}" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN {print a / b}')" \
    "$k" "$(awk -v a="$k" -v b="$ibase" 'BEGIN {print a / b}')"
done
echo "(grid: ${grid[*]}; $n trials a run; $repeats alternating runs, medians; wall time of the whole command; $(nproc) cores; $(java -version 2>&1 | head -1))"
