#!/usr/bin/env bash
# The horizon analysis' checks at full size (issue 17): an LSTM of 50 trained with TBPTT(10, 19) on
# the streaming copy task (lag m = 10), Pitis' series (lags 3 and 8) and white noise, then the
# suggested k2 at tolerances 0.1 and 0.01; for the copy task also adaptive k2 (tolerance 0.1) against
# the fixed TBPTT(10, 19), by validation perplexity. Runs examples/.../MemoryHorizon.java.
# Usage: bench/horizon.sh [COPY_EPOCHS] [STEPS_PER_ROW]      (defaults: 40 epochs, 2000 steps x 16 rows)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-40}"
steps="${2:-2000}"
cd "$root"
"$root/bin/tbptt4j" --version >/dev/null           # builds cli/target/tbptt4j.jar: the engine and its libraries
mvn -q -B -pl examples -am compile >&2               # the example's classes
cp="examples/target/classes:cli/target/tbptt4j.jar"
run() { java --add-modules jdk.incubator.vector -cp "$cp" org.tbptt4j.examples.MemoryHorizon "$@" 2>&1 \
          | grep -v '^WARNING: Using incubator modules'; }
run copy "$epochs" "$steps"
run pitis 5 "$steps"
run noise 3 "$steps"
