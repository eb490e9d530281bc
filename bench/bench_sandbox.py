"""Per-call cost of the sandbox, against a fresh ``python -c "import numpy"``.

    .venv/bin/python bench/bench_sandbox.py [--calls 200] [--fresh 20]

Workload: ``fit_ols`` (``np.linalg.lstsq``) on a 100×5 case, as in the design notes. Prints
the median wall time of an isolated call, the median of the same call in-process, their
difference (the isolation overhead), the median of a fresh interpreter importing NumPy
measured in the same run, and the ratio overhead / fresh. Targets: ≤ 10 ms, ≤ 0.15.
Never used as a timed assertion in tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import numpy as np

from grader.sandbox import Sandbox, Source

SOURCE = "import numpy as np\ndef fit_ols(X, y):\n    return np.linalg.lstsq(X, y, rcond=None)[0]\n"


def median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def time_calls(sandbox: Sandbox, n: int, x: np.ndarray, y: np.ndarray) -> list[float]:
    sources = [Source("ols.py", SOURCE)]
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        outcome = sandbox.call(sources, "fit_ols", (x, y))
        samples.append(time.perf_counter() - start)
        assert outcome.status == "ok", outcome.error
    return samples


def time_in_process(n: int, x: np.ndarray, y: np.ndarray) -> list[float]:
    namespace: dict[str, object] = {}
    exec(compile(SOURCE, "ols.py", "exec"), namespace)
    fit = namespace["fit_ols"]
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fit(x.copy(), y.copy())  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return samples


def time_fresh(n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--fresh", type=int, default=20)
    options = parser.parse_args()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(100, 5)), rng.normal(size=100)
    with Sandbox(slots=1) as sandbox:
        for name, state in sandbox.layers.items():
            print(f"  {name:9} {state}")
        time_calls(sandbox, 10, x, y)  # warm the grader side too
        isolated = median_ms(time_calls(sandbox, options.calls, x, y))
    in_process = median_ms(time_in_process(options.calls, x, y))
    fresh = median_ms(time_fresh(options.fresh))
    overhead = isolated - in_process
    print(f"isolated call       {isolated:7.2f} ms (median of {options.calls})")
    print(f"in-process call     {in_process:7.2f} ms")
    print(f"isolation overhead  {overhead:7.2f} ms   (target <= 10 ms)")
    print(f"fresh import numpy  {fresh:7.2f} ms (median of {options.fresh})")
    print(f"ratio               {overhead / fresh:7.3f}      (target <= 0.15)")


if __name__ == "__main__":
    main()
