#!/bin/sh
# A Sentinel of <name> (REDIS_NAME): it watches the master the other Sentinels name, or pod 0 of the StatefulSet on
# the very first start, and promotes a replica when the master is gone for 5 s. Two of the three must agree.
set -eu
name="$REDIS_NAME"
master="$(redis-cli -h "$name-sentinel" -p 26379 --raw sentinel get-master-addr-by-name "$name" 2>/dev/null | head -n 1 || true)"
if [ -z "$master" ]; then
  master="$name-0.$name"
  until redis-cli -h "$master" -p 6379 ping >/dev/null 2>&1; do
    echo "waiting for $master"
    sleep 1
  done
fi
cat > /data/sentinel.conf <<CONF
port 26379
sentinel resolve-hostnames yes
sentinel monitor $name $master 6379 2
sentinel down-after-milliseconds $name 5000
sentinel failover-timeout $name 10000
sentinel parallel-syncs $name 1
CONF
exec redis-server /data/sentinel.conf --sentinel
