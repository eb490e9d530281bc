"""Test-case input generators, named in specs by ``generator:``.

A spec stays data: a case names a generator and its parameters; the inputs are made
here, deterministically from the case's seed. The registry's keys are the only names a
spec may use (an unknown name fails at load).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

Args = tuple[Any, ...]
Generator = Callable[..., Args]


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def regression(*, n: int = 20, p: int = 3, seed: int = 0, cond: float | None = None) -> Args:
    """X (n, p) with a column of ones, y (n,). With ``cond``, X has that condition number."""
    rng = _rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1))])
    if cond is not None:
        u, _, vt = np.linalg.svd(X, full_matrices=False)
        X = u @ np.diag(np.geomspace(1.0, 1.0 / cond, p)) @ vt
    beta = rng.normal(size=p)
    y = X @ beta + 0.1 * rng.normal(size=n)
    return X, y


def regression_beta(*, n: int = 20, p: int = 3, seed: int = 0) -> Args:
    """X, y as in ``regression`` and a trial beta (p,)."""
    X, y = regression(n=n, p=p, seed=seed)
    return X, y, _rng(seed + 1).normal(size=p)


def descent(
    *,
    n: int = 30,
    p: int = 3,
    seed: int = 0,
    lr: float = 0.01,
    n_iters: int = 50,
    beta0: bool = False,
) -> Args:
    """X, y, lr, n_iters and beta0 (None unless ``beta0``)."""
    X, y = regression(n=n, p=p, seed=seed)
    start = _rng(seed + 2).normal(size=p) if beta0 else None
    return X, y, lr, n_iters, start


def array(
    *,
    values: list[float] | None = None,
    shape: list[float] | None = None,
    scale: float = 1.0,
    seed: int = 0,
) -> Args:
    """One array: the given ``values``, or normal draws of ``shape`` times ``scale``."""
    if values is not None:
        return (np.asarray(values, dtype=float),)
    dims = tuple(int(d) for d in (shape or [5]))
    return (scale * _rng(seed).normal(size=dims),)


def scalar(*, value: float = 0.0) -> Args:
    """One Python float."""
    return (float(value),)


def backprop_batch(*, n: int = 8, seed: int = 0, scale: float = 1.0) -> Args:
    """x (n,), y (n,) in {0, 1}, params {"w1", "b1", "w2", "b2"} as floats."""
    rng = _rng(seed)
    x = scale * rng.normal(size=n)
    y = (rng.random(n) < 0.5).astype(float)
    params = {
        k: float(v) for k, v in zip(("w1", "b1", "w2", "b2"), rng.normal(size=4), strict=True)
    }
    return x, y, params


def lstm_step(*, d: int = 3, m: int = 4, seed: int = 0, scale: float = 1.0) -> Args:
    """x_t (d,), h_prev (m,), c_prev (m,), W (4m, d), U (4m, m), b (4m,)."""
    rng = _rng(seed)
    shapes = [(d,), (m,), (m,), (4 * m, d), (4 * m, m), (4 * m,)]
    return tuple(scale * rng.normal(size=s) for s in shapes)


GENERATORS: dict[str, Generator] = {
    "regression": regression,
    "regression_beta": regression_beta,
    "descent": descent,
    "array": array,
    "scalar": scalar,
    "backprop_batch": backprop_batch,
    "lstm_step": lstm_step,
}


def make_args(generator: str, params: dict[str, Any]) -> Args:
    """The inputs of one case. Raises TypeError/ValueError on bad parameters (caught at load)."""
    return GENERATORS[generator](**params)
