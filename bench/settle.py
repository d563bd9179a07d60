"""Waits until a JVM's just-in-time compilers have done their work, while a load runs on it.

    python3 bench/settle.py --pid PID [--most 0.1] [--window 10] [--timeout 240]

A JVM that has just started compiles its hot code for a minute or more: on 2 cores the C2 compiler
took 0.3-0.5 of a core through the shop's first 80 s of load, so CPU measured then is mostly the
compiler's. This samples the CPU of the JVM's compiler threads every --window seconds and returns
once a window's is under --most cores (or at --timeout). Prints one JSON object: {"seconds": how
long it took, "compiler_cores": the last window's, "settled": true or false}.
"""
import argparse
import json
import os
import time


def compiler_ticks(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as stat:
                text = stat.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name, fields = text[text.index("(") + 1:text.rindex(")")], text.rsplit(")", 1)[1].split()
        if "CompilerThre" in name:
            total += int(fields[11]) + int(fields[12])
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pid", required=True)
    parser.add_argument("--most", type=float, default=0.1)
    parser.add_argument("--window", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=240)
    args = parser.parse_args()
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    started = time.monotonic()
    before = compiler_ticks(args.pid)
    while True:
        time.sleep(args.window)
        after = compiler_ticks(args.pid)
        cores = (after - before) / ticks_per_second / args.window
        before = after
        elapsed = time.monotonic() - started
        if cores < args.most or elapsed >= args.timeout:
            print(json.dumps({"seconds": round(elapsed), "compiler_cores": round(cores, 2), "settled": cores < args.most}))
            return


if __name__ == "__main__":
    main()
