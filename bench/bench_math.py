"""Median time per maths check over the pair table, cold (caches cleared) and warm.

Run: .venv/bin/python bench/bench_math.py [--repeat N]
Target: warm median ≤ 10 ms per check.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.maths import compare
from grader.maths.context import _compile
from grader.maths.reader import _cached
from tests.maths.conftest import TABLES
from tests.maths.pairs import PAIRS


def _run(*, cold: bool) -> list[float]:
    times = []
    for table, student, expected, _status, _mistake, options in PAIRS:
        if cold:
            _cached.cache_clear()
            _compile.cache_clear()
        start = time.perf_counter()
        compare(student, expected, TABLES[table], **options)
        times.append(time.perf_counter() - start)
    return times


def _report(label: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    return (
        f"{label}: {len(ms)} checks, median {statistics.median(ms):.2f} ms, "
        f"p95 {p95:.2f} ms, max {ms[-1]:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    cold = [t for _ in range(args.repeat) for t in _run(cold=True)]
    _run(cold=False)
    warm = [t for _ in range(args.repeat) for t in _run(cold=False)]
    print(_report("cold", cold))
    print(_report("warm", warm))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
