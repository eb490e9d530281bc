"""Compare a returned value with the reference, under the paper's grading rules.

Shapes are checked explicitly (``np.allclose`` would broadcast (p, 1) against (p,) and
hide the mistake); NaN and inf never match a finite expected value; object arrays are
refused. The verdict is data: passed, half (right values, wrong shape) or failed, with
a compact expected-vs-got description.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Verdict = Literal["passed", "wrong_shape", "failed"]


@dataclass(frozen=True)
class Comparison:
    verdict: Verdict
    message: str  # one line: what is wrong
    table: str = ""  # index / got / expected rows, for public cases


def as_floats(value: Any) -> np.ndarray | None:
    """``np.asarray(value, dtype=float)`` for data values, or None if that is not possible."""
    if isinstance(value, np.ndarray) and value.dtype.kind not in "biuf":
        return None
    if value is None or isinstance(value, dict | str | bytes):
        return None
    try:
        arr: np.ndarray = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return None
    return arr


def compare_array(got: Any, expected: Any, *, rtol: float, atol: float) -> Comparison:
    exp = np.asarray(expected, dtype=float)
    arr = as_floats(got)
    if arr is None:
        return Comparison("failed", f"returned {_describe(got)}, not an array of numbers")
    if arr.shape != exp.shape:
        if arr.size == exp.size and _close(arr.reshape(exp.shape), exp, rtol, atol).all():
            return Comparison(
                "wrong_shape",
                f"right values in the wrong shape: got shape {_shape(arr)}, expected {_shape(exp)}",
            )
        return Comparison("failed", f"wrong shape: got {_shape(arr)}, expected {_shape(exp)}")
    ok = _close(arr, exp, rtol, atol)
    if ok.all():
        return Comparison("passed", "matches the reference")
    return Comparison("failed", _mismatch_summary(arr, exp, ok, rtol, atol), _table(arr, exp, ok))


def _close(arr: np.ndarray, exp: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    with np.errstate(all="ignore"):
        close: np.ndarray = np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=False)
    finite: np.ndarray = close & np.isfinite(arr)
    return finite


def _mismatch_summary(
    arr: np.ndarray, exp: np.ndarray, ok: np.ndarray, rtol: float, atol: float
) -> str:
    bad = np.argwhere(~ok) if arr.ndim else np.zeros((1, 0), dtype=int)
    first = tuple(int(i) for i in bad[0]) if arr.ndim else ()
    with np.errstate(all="ignore"):
        diff = np.abs(arr - exp)
        rel = diff / np.maximum(np.abs(exp), np.finfo(float).tiny)
    finite = np.isfinite(arr)
    parts = [f"{int((~ok).sum())} of {ok.size} values differ"]
    if arr.ndim:
        parts.append(f"first at index {first}")
    if not finite.all():
        parts.append("NaN or inf returned")
    else:
        parts.append(
            f"max abs diff {float(np.max(diff)):.3g}, max rel diff {float(np.max(rel)):.3g}"
        )
    parts.append(f"tolerance rtol={rtol:g}, atol={atol:g}")
    return "; ".join(parts)


def _table(arr: np.ndarray, exp: np.ndarray, ok: np.ndarray, *, rows: int = 5) -> str:
    flat_idx = np.argwhere(~ok)[:rows] if arr.ndim else [()]
    lines = [f"{'index':<12} {'got':>14} {'expected':>14}"]
    for idx in flat_idx:
        key = tuple(int(i) for i in idx)
        lines.append(f"{key!s:<12} {float(arr[key]):>14.7g} {float(exp[key]):>14.7g}")
    return "\n".join(lines)


def _shape(a: np.ndarray) -> str:
    return "()" if a.ndim == 0 else str(tuple(a.shape))


def _describe(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"a {type(value).__name__}"
