"""What every desktop benchmark reports about a series of timings, computed one way: the
median, the 95th percentile by the nearest-rank method (the value 95 % of the runs stay under),
the worst."""

from __future__ import annotations

import math
import statistics


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(values: list[float]) -> dict[str, float]:
    """Median, p95 and max in milliseconds, for a JSON report."""
    return {
        "median_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(p95(values) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }
