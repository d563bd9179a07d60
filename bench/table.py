"""The bench's table: every figure next to its goal (issue 12, docs/decisions' performance budget),
printed and written as markdown to OUT/table.md for bench/README.md.

    python3 bench/table.py target/bench
"""
import json
import os
import sys

from loadgen_report import steady_visits_per_second

REFERENCE_CART_READS = 278       # req/s, the reference's cart read on these machines
REFERENCE_ITERATIONS = 7.07      # iterations/s, the reference's own flow with 200 users on these machines
PASS, FAIL = "pass", "FAIL"


def load(out, name):
    with open(os.path.join(out, name)) as file:
        return json.load(file)


def wrk_rows(out):
    rows = {}
    with open(os.path.join(out, "rows.tsv")) as file:
        for line in file:
            name, rate, p50, p99, errors = line.rstrip("\n").split("\t")
            rows[name] = {"rate": float(rate), "p50": float(p50), "p99": float(p99), "errors": int(errors)}
    return rows


class Saturation:
    """The full flow at saturation: the loadgen's report and what each process spent meanwhile."""

    def __init__(self, out, name):
        self.report = load(out, f"{name}/report.json")
        self.window = load(out, f"{name}.window.json")
        self.requests = self.report["requests_per_second"]
        self.visits = steady_visits_per_second(self.report)

    def cores(self, role):
        return self.window["cpu"][role] / self.window["seconds"]

    def micros_per_request(self, role):
        return self.cores(role) / self.requests * 1e6 if self.requests else float("nan")

    def millis_per_visit(self, role):
        return self.cores(role) / self.visits * 1e3 if self.visits else float("nan")

    def others(self):
        return others(self.window)

    def allocated_per_request(self):
        allocated = self.window.get("allocated_bytes")
        if allocated is None or not self.requests:
            return None
        return allocated / self.window["seconds"] / self.requests


def others(window):
    """Cores that other processes on the machine took during a window."""
    return window["others"] / window["seconds"]


def at_most(value, goal):
    return PASS if value <= goal else FAIL


def at_least(value, goal):
    return PASS if value >= goal else FAIL


def rows(out):
    meta = load(out, "meta.json")
    wrk = wrk_rows(out)
    saturation = Saturation(out, "saturation")
    no_tracing = Saturation(out, "saturation-no-tracing")
    no_request_log = Saturation(out, "saturation-no-request-log")
    baseline_window = load(out, "baseline-search.window.json")
    baseline_search = baseline_window["cpu"]["baseline"] / baseline_window["seconds"] / wrk["baseline-search"]["rate"] * 1e6
    sweep = load(out, "sweep.json")
    reference = load(out, "reference/report.json")
    loadgen_search = load(out, "loadgen-search/report.json")
    loadgen_search_window = load(out, "loadgen-search.window.json")
    with open(os.path.join(out, "peak_rss_kb")) as file:
        peak_rss = int(file.read()) / 1024

    report = saturation.report
    shop_request = saturation.micros_per_request("shop")
    table = [("section", f"the full flow at saturation: {report['plan']}, think time 0")]
    table.append((f"visits/s, requests/s (p50, p99 of all but the payment), errors",
                  f"{saturation.visits:.0f}, {saturation.requests:.0f} ({report['prompt_latency_ms']['p50']:.1f} ms, "
                  f"{report['prompt_latency_ms']['p99']:.1f} ms), {report['errors']}", "0 errors",
                  PASS if report["errors"] == 0 else FAIL))
    table.append(("shop JVM CPU per request vs the bare baseline's per search",
                  f"{shop_request:.0f} µs = {shop_request / baseline_search:.2f}× {baseline_search:.0f} µs",
                  "≤ 1.5×", at_most(shop_request / baseline_search, 1.5)))
    table.append(("shop JVM CPU per visit", f"{saturation.millis_per_visit('shop'):.2f} ms", "", ""))
    table.append(("PostgreSQL CPU per visit", f"{saturation.millis_per_visit('postgres'):.2f} ms", "≤ 1 ms",
                  at_most(saturation.millis_per_visit("postgres"), 1)))
    table.append(("Redis CPU per request", f"{saturation.micros_per_request('redis'):.1f} µs", "≤ 20 µs",
                  at_most(saturation.micros_per_request("redis"), 20)))
    table.append(("loadgen CPU per request", f"{saturation.micros_per_request('loadgen'):.0f} µs", "", ""))
    allocated = saturation.allocated_per_request()
    table.append(("shop JVM allocation per request",
                  "n/a (no jvm_gc_memory_allocated_bytes_total)" if allocated is None else f"{allocated / 1024:.1f} KiB", "", ""))
    table.append(("other processes on the machine meanwhile (noise), and during the bare search",
                  f"{saturation.others():.2f} and {others(baseline_window):.2f} cores", "", ""))
    settled = [(label, load(out, name + ".settle.json")) for label, name in (("shop", "shop"), ("baseline", "baseline"),
               ("without tracing", "shop-no-tracing"), ("without request lines", "shop-no-request-log"))]
    table.append(("load before measuring, until each JVM's JIT compilers took < 0.1 core over 10 s",
                  ", ".join(f"{label} {settle['seconds']} s" + ("" if settle["settled"] else
                            f" (not settled: {settle['compiler_cores']} cores)") for label, settle in settled),
                  "", "" if all(settle["settled"] for _, settle in settled) else "noisy"))
    for label, without in (("tracing", no_tracing), ("request log lines", no_request_log)):
        cost = shop_request - without.micros_per_request("shop")
        # a difference of two runs means something only when both ran alike: similar throughput, a quiet machine
        comparable = 0.67 <= without.requests / saturation.requests <= 1.5 and max(saturation.others(), without.others()) <= 0.3
        table.append((f"cost of {label} (shop CPU per request, on − off)",
                      f"{cost:+.0f} µs ({without.micros_per_request('shop'):.0f} µs at {without.requests:.0f} req/s without, "
                      f"others {without.others():.2f} cores)", "printed", "" if comparable else "noisy"))

    capacity = sweep["capacity"]
    table.append(("section", f"open model (sweep below): capacity = the highest rate held {sweep['hold_seconds']:g} s "
                             f"with 0 errors and p99 of all but the payment < {sweep['max_p99_ms']:g} ms"))
    table.append(("capacity", f"{capacity:g} visits/s", "≥ 250 visits/s", at_least(capacity, 250)))
    overload = sweep["overload"]
    if overload:
        goodput = overload["completed_per_second"] / capacity
        loadgens = overload.get("loadgens", 1)
        table.append((f"offered 2× the capacity ({overload['rate']:g}/s, {loadgens} loadgen{'s' if loadgens > 1 else ''}): goodput",
                      f"{goodput:.0%} of the capacity "
                      f"({overload['completed_per_second']:.0f}/s)", "≥ 90%", at_least(goodput, 0.9)))
        refused = overload["refused"]
        table.append(("  refused (503/429 with Retry-After), p50 / p99 of the refusals",
                      f"{refused} ({overload['refused'] / overload['seconds']:.0f}/s), {overload['refusal_p50_ms']:.1f} / "
                      f"{overload['refusal_p99_ms']:.1f} ms", "p99 ≤ 50 ms",
                      (at_most(overload["refusal_p99_ms"], 50) if refused else ("—" if goodput >= 0.9 else FAIL))))
        table.append(("  errors (timeouts, failures)", f"{overload['errors']}", "0", PASS if overload["errors"] == 0 else FAIL))
    else:
        table.append(("offered 2× the capacity", "not run: no rate held", "≥ 90%", FAIL))

    table.append(("section", f"wrk -t1 against the gateways and the bare baseline"))
    healthz, hello = wrk["web-healthz"]["rate"], wrk["baseline-hello"]["rate"]
    table.append(("web gateway /healthz vs bare hello", f"{healthz:.0f} vs {hello:.0f} req/s = {healthz / hello:.0%}",
                  "≥ 70%", at_least(healthz / hello, 0.7)))
    search, bare = wrk["web-search"]["rate"], wrk["baseline-search"]["rate"]
    table.append(("search through the web gateway vs bare", f"{search:.0f} vs {bare:.0f} req/s = {search / bare:.0%}",
                  "≥ 70%", at_least(search / bare, 0.7)))
    api = wrk["api-search"]["rate"]
    table.append(("search through the api gateway vs bare", f"{api:.0f} vs {bare:.0f} req/s = {api / bare:.0%}",
                  "≥ 70%", at_least(api / bare, 0.7)))
    cart = wrk["web-cart"]["rate"]
    table.append(("cart read through the web gateway vs the reference", f"{cart:.0f} req/s = "
                  f"{cart / REFERENCE_CART_READS:.0f}× {REFERENCE_CART_READS}", "≥ 50×",
                  at_least(cart / REFERENCE_CART_READS, 50)))
    loadgen_rate = loadgen_search["requests_per_second"]
    loadgen_request = loadgen_search_window["cpu"]["loadgen"] / loadgen_search_window["seconds"] / loadgen_rate * 1e6
    table.append(("loadgen vs wrk on the same search (api gateway)",
                  f"{loadgen_rate:.0f} req/s = {loadgen_rate / api:.0%} (loadgen CPU {loadgen_request:.0f} µs per request)",
                  "≥ 80%", at_least(loadgen_rate / api, 0.8)))

    table.append(("section", "the reference's own flow (13 requests, no images), think time 0"))
    table.append((f"{reference['plan']}: iterations/s (errors)",
                  f"{steady_visits_per_second(reference):.1f} = {steady_visits_per_second(reference) / REFERENCE_ITERATIONS:.0f}× "
                  f"the reference's {REFERENCE_ITERATIONS} ({reference['errors']})", "", ""))
    table.append(("section", "memory"))
    table.append(("shop JVM peak RSS (VmHWM) through the bench, overload included", f"{peak_rss:.0f} MiB", "≤ 512 MiB",
                  at_most(peak_rss, 512)))
    return meta, table, sweep


# where the bench runs, not what it measures: left out of the table's heading
PLACEMENT = {"BENCH_PORT_BASE", "BENCH_DATABASE", "BENCH_OUT", "BENCH_CART_REDIS_DB", "BENCH_SESSION_REDIS_DB"}


def markdown(meta, table, sweep):
    settings = ", ".join(f"{name}={value}" for name, value in meta["settings"].items() if name not in PLACEMENT)
    lines = [f"Bench of {meta['date']} on {meta['machine']}; shop `{meta['shop_jar']}`"
             + (f"; {settings}" if settings else ""), "",
             "| measurement | figure | goal | |", "|---|---|---|---|"]
    for row in table:
        if row[0] == "section":
            lines.append(f"| **{row[1]}** | | | |")
        else:
            lines.append(f"| {row[0].strip()} | {row[1]} | {row[2]} | {row[3]} |")
    lines += ["", "Open-model sweep (the shopper flow, think time 0; latencies of all requests but the payment):", "",
              "| run | rate /s | seconds | completed /s | errors | refused | p50 ms | p99 ms | held |",
              "|---|---|---|---|---|---|---|---|---|"]
    for run in sweep["runs"]:
        lines.append(f"| {run['purpose']} | {run['rate']:g} | {run['seconds']:g} | {run['completed_per_second']:.1f} | "
                     f"{run['errors']} | {run['refused']} | {run['p50_ms']:.1f} | {run['p99_ms']:.1f} | "
                     f"{'yes' if run['held'] else 'no'} |")
    return "\n".join(lines) + "\n"


def text(meta, table, sweep):
    lines = ["", f"open-model sweep: {'run':<9} {'rate/s':>7} {'s':>4} {'done/s':>8} {'errors':>7} {'refused':>8} "
                 f"{'p50 ms':>8} {'p99 ms':>8}  held"]
    for run in sweep["runs"]:
        lines.append(f"{'':18}{run['purpose']:<9} {run['rate']:7g} {run['seconds']:4g} {run['completed_per_second']:8.1f} "
                     f"{run['errors']:7} {run['refused']:8} {run['p50_ms']:8.1f} {run['p99_ms']:8.1f}  "
                     f"{'yes' if run['held'] else 'no'}")
    lines += ["", f"bench of {meta['date']} on {meta['machine']}, shop {meta['shop_jar']}", ""]
    for row in table:
        if row[0] == "section":
            lines.append(f"-- {row[1]}")
        else:
            lines.append(f"{row[0]:<66} {row[1]:<58} {row[2]:<16} {row[3]}")
    return "\n".join(lines)


def main():
    out = sys.argv[1]
    meta, table, sweep = rows(out)
    print(text(meta, table, sweep))
    with open(os.path.join(out, "table.md"), "w") as file:
        file.write(markdown(meta, table, sweep))


if __name__ == "__main__":
    main()
