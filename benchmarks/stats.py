"""What the benchmarks share."""

from __future__ import annotations


def pct(xs: list[float], q: float) -> float:
    """The q-quantile of xs (nearest rank; 0.0 for no values)."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else 0.0
