"""Reading the loadgen's report.json."""
import math


def steady_visits_per_second(report):
    """Visits completed per second once the measurement is under way.

    Only visits started after the warm-up count, so no visit completes in the first moments of the
    measurement, and those still in progress at its end leave uncounted: over a short run, the
    report's iterations/s is low by a visit's length at each end. This leaves out the seconds of the
    timeline before the slower visits (p90) could complete, and the last, shorter, second.
    """
    timeline = [sample for sample in report["timeline"] if sample["seconds"] >= 0.9]
    skip = math.ceil(report["iteration_latency_ms"]["p90"] / 1000)
    steady = [sample for sample in timeline if sample["at"] > skip + 1] or timeline
    seconds = sum(sample["seconds"] for sample in steady)
    return sum(sample["iterations"] for sample in steady) / seconds if seconds else 0.0
