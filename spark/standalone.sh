#!/usr/bin/env bash
# Runs a grid on a Spark standalone cluster started on this machine, on loopback only: one master and
# one worker (the classes sbin/start-master.sh and sbin/start-worker.sh start), then
#   bin/tbptt4j grid ARGS --engine spark --master spark://127.0.0.1:PORT
# and stops both when the grid ends. No Spark distribution is needed: the spark module's build
# provides Spark's jars. Logs stay in a temporary folder, named at the end.
#
#   spark/standalone.sh --data data/mackey-glass-t17/MackeyGlass_t17.txt --lengths 25,50 --repeats 4 --out /tmp/grid
#
# Environment: SPARK_MASTER_PORT (default 7077), WORKER_CORES (2), WORKER_MEMORY (2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${SPARK_MASTER_PORT:-7077}"
jar="$root/spark/target/tbptt4j-spark.jar"
if [ ! -f "$jar" ] || [ ! -f "$root/spark/target/spark-classpath.txt" ] || [ ! -f "$root/spark/target/java-options.txt" ]; then
  echo "standalone: building the spark module ..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl spark -am package >&2)
fi
cp="$(cat "$root/spark/target/spark-classpath.txt")"
work="$(mktemp -d -t tbptt4j-spark-XXXXXX)"
# a worker starts executors as "SPARK_HOME/jars/*": give it a home whose jars are the build's
mkdir -p "$work/home/jars" "$work/worker"
IFS=: read -ra jars <<< "$cp"
for j in "${jars[@]}"; do ln -s "$j" "$work/home/jars/"; done
export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
read -ra opts < "$root/spark/target/java-options.txt"   # Spark's JVM options, from spark/pom.xml
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "standalone: master and worker stopped; logs in $work" >&2
}
trap stop EXIT
waitfor() { # FILE PATTERN WHAT
  for _ in $(seq 1 120); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "standalone: the $3 did not start; see $1" >&2
  exit 1
}
java "${opts[@]}" -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
  > "$work/master.log" 2>&1 &
pids+=($!)
waitfor "$work/master.log" "I have been elected leader" "master"
echo "standalone: master spark://127.0.0.1:$port" >&2
java "${opts[@]}" -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 \
  --cores "${WORKER_CORES:-2}" --memory "${WORKER_MEMORY:-2g}" --work-dir "$work/worker" "spark://127.0.0.1:$port" \
  > "$work/worker.log" 2>&1 &
pids+=($!)
waitfor "$work/worker.log" "Successfully registered with master" "worker"
echo "standalone: worker registered (${WORKER_CORES:-2} cores)" >&2
"$root/bin/tbptt4j" grid "$@" --engine spark --master "spark://127.0.0.1:$port"
