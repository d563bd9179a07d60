"""What processes spent in a window of time, from /proc: CPU seconds per role, and the shop JVM's
allocated bytes from its Prometheus endpoint.

    python3 bench/window.py --after 6 --seconds 12 --role shop=PID --role loadgen=PID \
        --postgres DATABASE --redis --metrics http://127.0.0.1:18282/metrics

waits --after seconds, samples, waits --seconds, samples again, and prints one JSON object:
{"seconds": wall, "cpu": {role: CPU seconds}, "others": CPU seconds of every other process on the machine
(other people's work on a shared machine: the noise), "allocated_bytes": bytes or null}.

PostgreSQL is the server's background processes plus the backends connected to DATABASE (other
databases' backends on a shared server are left out); Redis is the server answering on 127.0.0.1:6379.
A process that ends inside the window loses what it spent, one that starts inside it counts in full.
"""
import argparse
import json
import os
import re
import subprocess
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """utime + stime of a process (all its threads, live and ended), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # the command name is in parentheses and may hold spaces: split after its closing one
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(fields[11]) + int(fields[12])


def machine_busy_ticks():
    """CPU time every process on the machine spent so far (all cores): the /proc/stat line without idle and iowait."""
    with open("/proc/stat") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = (int(value) for value in stat.readline().split()[1:9])
    return user + nice + system + irq + softirq + steal


def parent(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"^PPid:\s+(\d+)", status.read(), re.M).group(1))


def postgres_pids(database):
    query = ("SELECT pid FROM pg_stat_activity WHERE datname = '%s' OR datname IS NULL" % database.replace("'", "''"))
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc", query],
                         capture_output=True, text=True, check=True).stdout
    pids = {int(line) for line in out.split()}
    return pids | {parent(pid) for pid in list(pids) if cpu_ticks(pid) is not None}  # and the postmaster


def redis_pids():
    out = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "INFO", "server"],
                         capture_output=True, text=True, check=True).stdout
    return {int(re.search(r"^process_id:(\d+)", out, re.M).group(1))}


def allocated_bytes(url):
    """Bytes the JVM allocated so far: Micrometer's counter, which grows only at each young collection
    (by what the eden held), plus what the eden holds now, so the figure does not jump by an eden a GC."""
    if not url:
        return None
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    counted = re.findall(r"^jvm_gc_memory_allocated_bytes_total(?:\{[^}]*\})? (\S+)", text, re.M)
    eden = re.findall(r'^jvm_memory_used_bytes\{[^}]*id="[^"]*Eden Space"[^}]*\} (\S+)', text, re.M)
    if not counted:
        return None
    return sum(float(value) for value in counted) + sum(float(value) for value in eden)


def sample(roles):
    return {name: {pid: cpu_ticks(pid) for pid in find()} for name, find in roles.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--after", type=float, default=0)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--role", action="append", default=[], help="NAME=PID")
    parser.add_argument("--postgres", help="the database whose backends count")
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--metrics", help="the shop's Prometheus endpoint, for its allocated bytes")
    args = parser.parse_args()

    roles = {}
    for role in args.role:
        name, pid = role.split("=")
        roles[name] = lambda pid=int(pid): {pid}
    if args.postgres:
        roles["postgres"] = lambda: postgres_pids(args.postgres)
    if args.redis:
        roles["redis"] = redis_pids

    time.sleep(args.after)
    started = time.monotonic()
    before, allocated_before, machine_before = sample(roles), allocated_bytes(args.metrics), machine_busy_ticks()
    time.sleep(args.seconds)
    after, allocated_after, machine_after = sample(roles), allocated_bytes(args.metrics), machine_busy_ticks()
    seconds = time.monotonic() - started

    cpu = {}
    for name in roles:
        ticks = 0
        for pid, end in after[name].items():
            if end is not None:
                ticks += end - (before[name].get(pid) or 0)
        cpu[name] = ticks / TICKS
    allocated = None if allocated_before is None or allocated_after is None else allocated_after - allocated_before
    machine = (machine_after - machine_before) / TICKS
    print(json.dumps({"seconds": seconds, "cpu": cpu, "others": max(0.0, machine - sum(cpu.values())),
                      "allocated_bytes": allocated}))


if __name__ == "__main__":
    main()
