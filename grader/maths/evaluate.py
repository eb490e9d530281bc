"""Evaluate an expression tree at one random point, and draw such points.

Scalars are drawn as k/200 with k uniform in [−1000, 1000]; matrix entries as integers in
[−1000, 1000], at the table's concrete sizes. Derivatives ∂A/∂B are computed by forward-mode
dual numbers on the definitions graph: B is seeded, everything defined from B is recomputed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from grader.maths.context import Context
from grader.maths.nodes import (
    Add,
    Call,
    Deriv,
    Div,
    Euler,
    Inverse,
    Mul,
    Neg,
    Node,
    Norm,
    Num,
    Pow,
    Sym,
    Transpose,
)
from grader.maths.numeric import (
    CTX,
    Dual,
    Mat,
    Scalar,
    Undefined,
    Value,
    add,
    apply,
    inverse,
    mat_add,
    matmul,
    mul,
    neg,
    power,
    real_part,
    recip,
    to_mpf,
)

SCALAR_RANGE = 1000
SCALAR_DENOMINATOR = 200
MATRIX_RANGE = 1000
SAMPLE_SET_SIZE = 2 * SCALAR_RANGE + 1


@dataclass(frozen=True)
class Point:
    """One random assignment: `values` as the expression sees them, `consistent` with every
    defined symbol computed from its definition (used for derivatives)."""

    values: Mapping[str, Value]
    consistent: Mapping[str, Value]
    opaque: tuple[Fraction, Fraction, Fraction] | None  # σ as an unknown function


def draw_point(ctx: Context, rng: random.Random, size: int, *, use_definitions: bool) -> Point:
    sizes = ctx.sizes[size % len(ctx.sizes)]
    free: dict[str, Value] = {}
    for name, (rows, cols) in ctx.shapes.items():
        r, c = sizes.get(rows, 1), sizes.get(cols, 1)
        if (r, c) == (1, 1):
            free[name] = Fraction(rng.randint(-SCALAR_RANGE, SCALAR_RANGE), SCALAR_DENOMINATOR)
        else:
            data = tuple(
                tuple(Fraction(rng.randint(-MATRIX_RANGE, MATRIX_RANGE)) for _ in range(c))
                for _ in range(r)
            )
            free[name] = Mat(r, c, data)
    consistent = dict(free)
    base = Point(consistent, consistent, None)
    for name in ctx.order:
        consistent[name] = evaluate(ctx.definitions[name], base, ctx)
    if use_definitions:
        return base
    opaque = tuple(Fraction(rng.randint(1, 999), 97) for _ in range(3))
    return Point(free, consistent, (opaque[0], opaque[1], opaque[2]))


def evaluate(node: Node, point: Point, ctx: Context) -> Value:
    """The value of `node` at `point`; raise Undefined where it has none."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Sym):
        if node.name not in point.values:
            raise Undefined(f"no value for {node.name}")
        return point.values[node.name]
    if isinstance(node, Euler):
        return CTX.e
    if isinstance(node, Neg):
        return scale(evaluate(node.arg, point, ctx), Fraction(-1))
    if isinstance(node, Add):
        total = evaluate(node.terms[0], point, ctx)
        for term in node.terms[1:]:
            total = plus(total, evaluate(term, point, ctx))
        return total
    if isinstance(node, Mul):
        acc = evaluate(node.factors[0], point, ctx)
        for factor in node.factors[1:]:
            acc = times(acc, evaluate(factor, point, ctx))
        return acc
    if isinstance(node, Div):
        den = evaluate(node.den, point, ctx)
        return times(evaluate(node.num, point, ctx), recip(_scalar(den)))
    return _evaluate_rest(node, point, ctx)


def _evaluate_rest(node: Node, point: Point, ctx: Context) -> Value:
    if isinstance(node, Transpose):
        value = evaluate(node.arg, point, ctx)
        return value.t() if isinstance(value, Mat) else value
    if isinstance(node, Inverse):
        value = evaluate(node.arg, point, ctx)
        return inverse(value) if isinstance(value, Mat) else recip(value)
    if isinstance(node, Pow):
        return _power(node, point, ctx)
    if isinstance(node, Norm):
        value = evaluate(node.arg, point, ctx)
        if isinstance(value, Mat):
            return apply("sqrt", _sum_squares(value))
        return apply("abs", value)
    if isinstance(node, Call):
        value = evaluate(node.arg, point, ctx)
        func = _function(node.func, point)
        if isinstance(value, Mat):
            return Mat(value.rows, value.cols, tuple(tuple(map(func, r)) for r in value.data))
        return func(value)
    if isinstance(node, Deriv):
        return derivative(node, point, ctx)
    raise Undefined(f"cannot evaluate {type(node).__name__}")


def _scalar(value: Value) -> Scalar:
    if isinstance(value, Mat):
        if (value.rows, value.cols) != (1, 1):
            raise Undefined("not a scalar")
        return value.data[0][0]
    return value


def _unwrap(value: Value) -> Value:
    if isinstance(value, Mat) and (value.rows, value.cols) == (1, 1):
        return value.data[0][0]
    return value


def scale(value: Value, factor: Scalar) -> Value:
    if isinstance(value, Mat):
        data = tuple(tuple(mul(factor, x) for x in row) for row in value.data)
        return Mat(value.rows, value.cols, data)
    return mul(factor, value)


def times(a: Value, b: Value) -> Value:
    a, b = _unwrap(a), _unwrap(b)
    if isinstance(a, Mat) and isinstance(b, Mat):
        if a.cols != b.rows:
            raise Undefined("misaligned product")
        return _unwrap(matmul(a, b))
    if isinstance(a, Mat):
        return scale(a, _scalar(b))
    return scale(b, a)


def plus(a: Value, b: Value) -> Value:
    a, b = _unwrap(a), _unwrap(b)
    if isinstance(a, Mat) and isinstance(b, Mat):
        if (a.rows, a.cols) != (b.rows, b.cols):
            raise Undefined("mismatched sum")
        return mat_add(a, b)
    if isinstance(a, Mat) and b == 0:
        return a
    if isinstance(b, Mat) and a == 0:
        return b
    if isinstance(a, Mat) or isinstance(b, Mat):
        raise Undefined("matrix plus scalar")
    return add(a, b)


def _sum_squares(value: Mat) -> Scalar:
    total: Scalar = Fraction(0)
    for row in value.data:
        for x in row:
            total = add(total, mul(x, x))
    return total


def _power(node: Pow, point: Point, ctx: Context) -> Value:
    exponent = _scalar(evaluate(node.exp, point, ctx))
    if isinstance(node.base, Norm) and exponent == 2:
        inner = evaluate(node.base.arg, point, ctx)
        if isinstance(inner, Mat):
            return _sum_squares(inner)
    base = evaluate(node.base, point, ctx)
    if isinstance(base, Mat) and (base.rows, base.cols) != (1, 1):
        result: Value = base
        for _ in range(int(real_part(exponent)) - 1):
            result = matmul(result, base) if isinstance(result, Mat) else result
        return result
    if isinstance(exponent, Fraction) and abs(exponent) > 10_000:
        raise Undefined("power too large")
    return power(_scalar(base), exponent)


def _function(name: str, point: Point) -> Callable[[Scalar], Scalar]:
    if point.opaque is None or name not in ("sigma", "sigma_prime"):
        return lambda x: apply(name, x)
    c1, c2, c3 = point.opaque

    def unknown(x: Scalar) -> Scalar:  # an arbitrary smooth function standing in for σ
        return add(mul(c1, apply("exp", mul(c2 / 7, x))), mul(c3, x))

    def unknown_prime(x: Scalar) -> Scalar:
        return add(mul(c1 * c2 / 7, apply("exp", mul(c2 / 7, x))), c3)

    return unknown if name == "sigma" else unknown_prime


def derivative(node: Deriv, point: Point, ctx: Context) -> Value:
    """∂A/∂B at the point: seed B with ε, recompute everything defined from B."""
    if node.wrt not in point.consistent:
        raise Undefined(f"no value for {node.wrt}")
    seed_at = point.consistent[node.wrt]
    affected = [d for d in ctx.order if d != node.wrt and node.wrt in ctx.depends.get(d, ())]

    def run(seed: Value) -> Value:
        values = dict(point.consistent)
        values[node.wrt] = seed
        inner = Point(values, values, None)
        for name in affected:
            values[name] = evaluate(ctx.definitions[name], inner, ctx)
        return evaluate(node.of, inner, ctx)

    if not isinstance(seed_at, Mat):
        return _slope_of(run(Dual(seed_at, Fraction(1))))
    entries = []
    for i in range(seed_at.rows):
        row = []
        for j in range(seed_at.cols):
            data = [list(r) for r in seed_at.data]
            data[i][j] = Dual(real_part(data[i][j]), Fraction(1))
            seeded = Mat(seed_at.rows, seed_at.cols, tuple(tuple(r) for r in data))
            row.append(_scalar(_slope_of(run(seeded))))
        entries.append(tuple(row))
    return _unwrap(Mat(seed_at.rows, seed_at.cols, tuple(entries)))


def _slope_of(value: Value) -> Value:
    if isinstance(value, Mat):
        data = tuple(tuple(_slope_of_scalar(x) for x in row) for row in value.data)
        return Mat(value.rows, value.cols, data)
    return _slope_of_scalar(value)


def _slope_of_scalar(x: Scalar) -> Scalar:
    return x.d if isinstance(x, Dual) else Fraction(0)


# ---------------------------------------------------------------- comparing values

RELATIVE_TOLERANCE = CTX.mpf("1e-20")


def same(a: Value, b: Value) -> bool:
    a, b = _unwrap(a), _unwrap(b)
    if isinstance(a, Mat) or isinstance(b, Mat):
        if not (isinstance(a, Mat) and isinstance(b, Mat)):
            return False
        if (a.rows, a.cols) != (b.rows, b.cols):
            return False
        return all(
            _same_scalar(x, y)
            for r, s in zip(a.data, b.data, strict=True)
            for x, y in zip(r, s, strict=True)
        )
    return _same_scalar(a, b)


def _same_scalar(a: Scalar, b: Scalar) -> bool:
    x, y = real_part(a), real_part(b)
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return x == y
    fx, fy = to_mpf(x), to_mpf(y)
    bound = RELATIVE_TOLERANCE * max(CTX.mpf(1), abs(fx), abs(fy))
    return bool(abs(fx - fy) <= bound)


def transpose(value: Value) -> Value:
    return value.t() if isinstance(value, Mat) else value


def negate(value: Value) -> Value:
    return scale(value, Fraction(-1)) if isinstance(value, Mat) else neg(value)
