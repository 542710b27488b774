# Sourced by bin/tbptt4j with the command's arguments when it runs on this module (--engine spark).
# A local master needs no network address: bind to loopback (and do not warn that the host name is loopback).
spark_master=local
for spark_a in "$@"; do
  case "$spark_a" in --master=*) spark_master="${spark_a#--master=}" ;; esac
  [ "${spark_prev:-}" = "--master" ] && spark_master="$spark_a"
  spark_prev="$spark_a"
done
case "$spark_master" in local*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;; esac
