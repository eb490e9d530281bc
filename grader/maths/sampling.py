"""Evaluate the student's and the expected tree at the same random points.

Matrices: 3 points at each of the table's (≥ 2) concrete sizes. Scalars: 6 points. Points
where the expected side is undefined are redrawn; where only the student's side is
undefined, that is remembered (an answer undefined everywhere is wrong, not unreadable).
"""

from __future__ import annotations

import math
import random
import time
import zlib
from dataclasses import dataclass
from fractions import Fraction

import mpmath

from grader.maths.context import Context
from grader.maths.evaluate import Point, draw_point, evaluate
from grader.maths.nodes import Node
from grader.maths.numeric import Mat, Undefined, Value, real_part

POINTS_PER_SIZE = 3
SCALAR_POINTS = 6
ATTEMPTS_PER_POINT = 12


class OutOfTime(Exception):
    """The check's time budget ran out: the verdict is needs_review."""


@dataclass(frozen=True)
class Samples:
    points: tuple[Point, ...]
    expected: tuple[Value, ...]
    student: tuple[Value, ...]
    student_undefined: str | None = None  # why, when the student's side never had a value
    expected_undefined: str | None = None  # why, when the expected side never had a value


def seed_for(*texts: str) -> int:
    return zlib.crc32("\x00".join(texts).encode())


def sample(
    ctx: Context,
    student: Node,
    expected: Node,
    *,
    use_definitions: bool,
    seed: int,
    deadline: float = math.inf,
) -> Samples:
    """Raise OutOfTime when the wall-clock `deadline` (time.monotonic) passes."""
    rng = random.Random(seed)
    sizes = range(len(ctx.sizes)) if ctx.has_matrices else range(1)
    per_size = max(POINTS_PER_SIZE, SCALAR_POINTS // len(sizes))
    points: list[Point] = []
    exp_values: list[Value] = []
    stu_values: list[Value] = []
    student_reason = expected_reason = None
    for size in sizes:
        got = 0
        for _ in range(per_size * ATTEMPTS_PER_POINT):
            if got == per_size:
                break
            if time.monotonic() > deadline:
                raise OutOfTime
            try:
                point = draw_point(ctx, rng, size, use_definitions=use_definitions)
                e_value = evaluate(expected, point, ctx)
            except Undefined as exc:
                expected_reason = str(exc)
                continue
            try:
                s_value = evaluate(student, point, ctx)
            except Undefined as exc:
                student_reason = str(exc)
                continue
            points.append(point)
            exp_values.append(e_value)
            stu_values.append(s_value)
            got += 1
    return Samples(
        tuple(points),
        tuple(exp_values),
        tuple(stu_values),
        student_undefined=student_reason if not points else None,
        expected_undefined=expected_reason if not points and student_reason is None else None,
    )


def values_at(tree: Node, samples: Samples, ctx: Context) -> tuple[Value, ...] | None:
    """`tree` evaluated at every sample point, or None if it is undefined at any of them."""
    out: list[Value] = []
    for point in samples.points:
        try:
            out.append(evaluate(tree, point, ctx))
        except (Undefined, ZeroDivisionError, OverflowError, ValueError):
            return None
    return tuple(out)


def show_number(value: Value) -> str:
    if isinstance(value, Mat):
        return f"a {value.rows}×{value.cols} matrix"
    x = real_part(value)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator).replace("-", "−")
        if 10**6 % x.denominator == 0:
            return _decimal(x)
        return str(mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator, 6)).replace("-", "−")
    return str(mpmath.nstr(x, 6)).replace("-", "−")  # nstr is untyped


def _decimal(x: Fraction) -> str:
    sign = "−" if x < 0 else ""
    x = abs(x)
    whole, rest = divmod(x.numerator, x.denominator)
    digits = ""
    while rest:
        rest *= 10
        digit, rest = divmod(rest, x.denominator)
        digits += str(digit)
    return f"{sign}{whole}.{digits}"
