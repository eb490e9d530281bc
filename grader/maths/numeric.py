"""Exact and high-precision arithmetic for checking: Fractions where the maths is rational,
mpmath at 50 digits where exp/log/σ appear, dual numbers for derivatives, small matrices.

Nothing here raises for ordinary maths except `Undefined` (division by zero, log of a
non-positive number, a singular inverse, an overflow): the checker redraws that point.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Union

import mpmath

CTX = mpmath.MPContext()
CTX.dps = 50
MAX_EXP_ARG = 10_000
MAX_INT_POWER = 10_000
Real = Union[Fraction, "mpmath.mpf"]


class Undefined(Exception):
    """The expression has no (finite, real) value at this point."""


@dataclass(frozen=True)
class Dual:
    """v + d·ε with ε² = 0: forward-mode derivative of one variable."""

    v: Real
    d: Real


Scalar = Union[Fraction, "mpmath.mpf", Dual]


@dataclass(frozen=True)
class Mat:
    rows: int
    cols: int
    data: tuple[tuple[Scalar, ...], ...]

    def t(self) -> Mat:
        return Mat(self.cols, self.rows, tuple(zip(*self.data, strict=True)))


Value = Union[Fraction, "mpmath.mpf", Dual, Mat]


def to_mpf(x: Real) -> mpmath.mpf:
    if isinstance(x, Fraction):
        return CTX.mpf(x.numerator) / x.denominator
    return x


def _real_op(op: str, a: Real, b: Real) -> Real:
    if not (isinstance(a, Fraction) and isinstance(b, Fraction)):
        a, b = to_mpf(a), to_mpf(b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        raise Undefined("division by zero")
    return a / b


def _lift(x: Scalar) -> Dual:
    return x if isinstance(x, Dual) else Dual(x, Fraction(0))


def add(a: Scalar, b: Scalar) -> Scalar:
    if isinstance(a, Dual) or isinstance(b, Dual):
        x, y = _lift(a), _lift(b)
        return Dual(_real_op("+", x.v, y.v), _real_op("+", x.d, y.d))
    return _real_op("+", a, b)


def neg(a: Scalar) -> Scalar:
    if isinstance(a, Dual):
        return Dual(-a.v, -a.d)
    return -a


def mul(a: Scalar, b: Scalar) -> Scalar:
    if isinstance(a, Dual) or isinstance(b, Dual):
        x, y = _lift(a), _lift(b)
        d = _real_op("+", _real_op("*", x.v, y.d), _real_op("*", x.d, y.v))
        return Dual(_real_op("*", x.v, y.v), d)
    return _real_op("*", a, b)


def recip(a: Scalar) -> Scalar:
    if isinstance(a, Dual):
        inv = _real_op("/", Fraction(1), a.v)
        return Dual(inv, -_real_op("*", a.d, _real_op("*", inv, inv)))
    return _real_op("/", Fraction(1), a)


def real_part(a: Scalar) -> Real:
    return a.v if isinstance(a, Dual) else a


def is_zero(a: Scalar) -> bool:
    return real_part(a) == 0


def _checked(value: object) -> mpmath.mpf:
    if not isinstance(value, CTX.mpf) or not CTX.isfinite(value):
        raise Undefined("no real value")
    return value


def apply(func: str, a: Scalar) -> Scalar:
    """A named scalar function (σ, σ′, exp, log, tanh, sqrt), with its chain rule on duals."""
    if isinstance(a, Dual):
        value = apply(func, a.v)
        slope = _slope(func, a.v, value)
        return Dual(value, _real_op("*", slope, a.d))
    x = to_mpf(a)
    if func in ("exp", "sigma", "sigma_prime", "tanh") and abs(x) > MAX_EXP_ARG:
        raise Undefined("overflow")
    if func == "exp":
        return _checked(CTX.exp(x))
    if func == "log":
        if x <= 0:
            raise Undefined("log of a non-positive number")
        return _checked(CTX.log(x))
    if func == "sigma":
        return _checked(1 / (1 + CTX.exp(-x)))
    if func == "sigma_prime":
        s = 1 / (1 + CTX.exp(-x))
        return _checked(s * (1 - s))
    if func == "tanh":
        return _checked(CTX.tanh(x))
    if func == "sqrt":
        if x < 0:
            raise Undefined("square root of a negative number")
        return _checked(CTX.sqrt(x))
    if func == "abs":
        return abs(a)
    raise Undefined(f"unknown function {func}")


def _slope(func: str, x: Real, value: Scalar) -> Real:
    fx = real_part(value)
    if func == "exp":
        return fx
    if func == "log":
        return _real_op("/", Fraction(1), x)
    if func == "sigma":
        return _real_op("*", fx, _real_op("-", Fraction(1), fx))
    if func == "sigma_prime":
        s = to_mpf(real_part(apply("sigma", x)))
        return s * (1 - s) * (1 - 2 * s)
    if func == "tanh":
        return _real_op("-", Fraction(1), _real_op("*", fx, fx))
    if func == "sqrt":
        return _real_op("/", Fraction(1), _real_op("*", Fraction(2), fx))
    if func == "abs":
        return Fraction(1) if x > 0 else Fraction(-1)
    raise Undefined(f"unknown function {func}")


def power(a: Scalar, e: Scalar) -> Scalar:
    """a**e: exact for integer exponents on Fractions, real-valued otherwise."""
    if isinstance(e, Fraction) and abs(e) > MAX_INT_POWER:
        raise Undefined("power too large")
    if isinstance(e, Fraction) and e.denominator == 1 and not isinstance(a, Dual):
        if a == 0 and e < 0:
            raise Undefined("division by zero")
        if not isinstance(a, Fraction) and abs(e * CTX.log(abs(a) or 1)) > MAX_EXP_ARG:
            raise Undefined("overflow")
        return a ** int(e)
    if isinstance(e, Fraction) and e.denominator == 1:
        result: Scalar = Fraction(1)
        base = a if e > 0 else recip(a)
        for _ in range(abs(int(e))):
            result = mul(result, base)
        return result
    if isinstance(a, Dual) or isinstance(e, Dual):
        return apply("exp", mul(e, apply("log", a)))
    base, exponent = to_mpf(a), to_mpf(e)
    if base < 0 or (base == 0 and exponent <= 0):
        raise Undefined("no real power")
    if abs(exponent) > MAX_INT_POWER or (base != 0 and abs(exponent * CTX.log(base)) > MAX_EXP_ARG):
        raise Undefined("overflow")
    return _checked(CTX.power(base, exponent))


# ---------------------------------------------------------------- matrices


def matmul(a: Mat, b: Mat) -> Mat:
    rows = []
    cols = list(zip(*b.data, strict=True))
    for row in a.data:
        out = []
        for col in cols:
            acc: Scalar = Fraction(0)
            for x, y in zip(row, col, strict=True):
                acc = add(acc, mul(x, y))
            out.append(acc)
        rows.append(tuple(out))
    return Mat(a.rows, b.cols, tuple(rows))


def elementwise(a: Mat, f: object) -> Mat:
    func = f if callable(f) else None
    if func is None:
        raise Undefined("bad element-wise operation")
    return Mat(a.rows, a.cols, tuple(tuple(func(x) for x in row) for row in a.data))


def mat_add(a: Mat, b: Mat) -> Mat:
    data = tuple(
        tuple(add(x, y) for x, y in zip(r, s, strict=True))
        for r, s in zip(a.data, b.data, strict=True)
    )
    return Mat(a.rows, a.cols, data)


def inverse(a: Mat) -> Mat:
    """Gauss–Jordan elimination; Undefined if singular."""
    n = a.rows
    m: list[list[Scalar]] = [
        [*row, *(Fraction(int(i == j)) for j in range(n))] for i, row in enumerate(a.data)
    ]
    for col in range(n):
        pivot = next((r for r in range(col, n) if not is_zero(m[r][col])), None)
        if pivot is None:
            raise Undefined("singular matrix")
        m[col], m[pivot] = m[pivot], m[col]
        inv = recip(m[col][col])
        m[col] = [mul(x, inv) for x in m[col]]
        for r in range(n):
            if r != col and not is_zero(m[r][col]):
                factor = m[r][col]
                m[r] = [add(x, neg(mul(factor, y))) for x, y in zip(m[r], m[col], strict=True)]
    return Mat(n, n, tuple(tuple(row[n:]) for row in m))
