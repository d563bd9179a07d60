#!/bin/sh
# A Redis of the StatefulSet <name>: the replica of the current master, as the Sentinels name it; when no Sentinel
# answers yet (the very first start), pod 0 is the master and the others replicate it. A pod that was the master
# and comes back after a failover starts as a replica, so there is never a second master.
set -eu
name="${HOSTNAME%-*}"
ordinal="${HOSTNAME##*-}"
master="$(redis-cli -h "$name-sentinel" -p 26379 --raw sentinel get-master-addr-by-name "$name" 2>/dev/null | head -n 1 || true)"
set -- --port 6379 --dir /data --save "" --appendonly no --protected-mode no
if [ -n "$master" ] && [ "$master" != "$(hostname -i)" ]; then
  exec redis-server "$@" --replicaof "$master" 6379
elif [ -z "$master" ] && [ "$ordinal" != "0" ]; then
  exec redis-server "$@" --replicaof "$name-0.$name" 6379
else
  exec redis-server "$@"
fi
