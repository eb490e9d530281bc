"""Static limits, checked on the tree before anything is evaluated.

The tokenizer already bounds length (2000 characters), nesting (60) and literals (15 digits)
and rejects factorials, sums, integrals and commands such as \\input or \\def. Here: the size
of integer powers (a constant power at most 300 digits, a symbolic exponent at most 64), the
total polynomial degree, and derivatives nested inside derivatives.
"""

from __future__ import annotations

import math
from fractions import Fraction

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
    render,
    walk,
)

MAX_POWER_DIGITS = 300
MAX_SYMBOLIC_EXPONENT = 64
MAX_DEGREE = 1000


class LimitError(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def check(tree: Node) -> None:
    """Raise LimitError if evaluating `tree` could be unreasonably expensive."""
    for node in walk(tree):
        if isinstance(node, Pow):
            _check_power(node)
        if isinstance(node, Deriv) and any(isinstance(n, Deriv) for n in walk(node.of)):
            raise LimitError("derivatives inside derivatives are not supported", node)
    if rough_degree(tree) > MAX_DEGREE:
        raise LimitError(f"polynomial degree too high (limit {MAX_DEGREE})", tree)


def _check_power(node: Pow) -> None:
    exponent = constant_value(node.exp)
    if exponent is None:
        return
    base = constant_value(node.base)
    if base is not None:
        digits = abs(exponent) * math.log10(max(abs(base), Fraction(2)))
        if digits > MAX_POWER_DIGITS:
            raise LimitError(
                f"{render(node)} is too large (about {digits:.3g} digits, "
                f"limit {MAX_POWER_DIGITS})",
                node,
            )
    elif abs(exponent) > MAX_SYMBOLIC_EXPONENT:
        raise LimitError(
            f"the exponent in {render(node)} is too large (limit {MAX_SYMBOLIC_EXPONENT})", node
        )


def constant_value(node: Node) -> Fraction | None:
    """The exact value of a constant subtree, or None (also when it would be huge)."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg):
        inner = constant_value(node.arg)
        return None if inner is None else -inner
    if isinstance(node, Mul | Add):
        values = [constant_value(c) for c in node.children()]
        if any(v is None for v in values):
            return None
        result = Fraction(1) if isinstance(node, Mul) else Fraction(0)
        for v in values:
            if v is not None:
                result = result * v if isinstance(node, Mul) else result + v
        return result
    if isinstance(node, Div):
        num, den = constant_value(node.num), constant_value(node.den)
        return None if num is None or den is None or den == 0 else num / den
    if isinstance(node, Pow):
        return _constant_power(node)
    return None


def _constant_power(node: Pow) -> Fraction | None:
    base, exponent = constant_value(node.base), constant_value(node.exp)
    if base is None or exponent is None or exponent.denominator != 1:
        return None
    if abs(exponent) * math.log10(max(abs(base), Fraction(2))) > MAX_POWER_DIGITS:
        raise LimitError(f"{render(node)} is too large (limit {MAX_POWER_DIGITS} digits)", node)
    if base == 0 and exponent < 0:
        return None
    return base ** int(exponent)


def rough_degree(node: Node) -> int:
    """An upper bound on the polynomial degree, counting function calls as their argument."""
    if isinstance(node, Num | Euler):
        return 0
    if isinstance(node, Sym):
        return 1
    if isinstance(node, Add):
        return max(rough_degree(t) for t in node.terms)
    if isinstance(node, Mul):
        return sum(rough_degree(f) for f in node.factors)
    if isinstance(node, Div):
        return rough_degree(node.num) + rough_degree(node.den)
    if isinstance(node, Pow):
        exponent = constant_value(node.exp)
        scale = abs(exponent.numerator) if exponent is not None else 1
        return rough_degree(node.base) * max(scale, 1)
    if isinstance(node, Neg | Transpose | Norm | Call | Inverse):
        return rough_degree(node.children()[0])
    if isinstance(node, Deriv):
        return rough_degree(node.of)
    return 0


def polynomial_degree(node: Node, size: int) -> int | None:
    """Degree of the (numerator of the) rational function `node`, or None if it is not one.

    Inverses of k×k matrices count k times their argument's degree (cofactor over
    determinant); `size` is the largest matrix dimension in use.
    """
    if isinstance(node, Num):
        return 0
    if isinstance(node, Sym):
        return 1
    if isinstance(node, Add):
        parts = [polynomial_degree(t, size) for t in node.terms]
        return None if any(p is None for p in parts) else sum(p or 0 for p in parts)
    if isinstance(node, Mul | Div):
        parts = [polynomial_degree(c, size) for c in node.children()]
        return None if any(p is None for p in parts) else sum(p or 0 for p in parts)
    if isinstance(node, Neg | Transpose):
        return polynomial_degree(node.children()[0], size)
    if isinstance(node, Inverse):
        inner = polynomial_degree(node.arg, size)
        return None if inner is None else inner * size
    if isinstance(node, Pow):
        exponent = constant_value(node.exp)
        if exponent is None or exponent.denominator != 1:
            return None
        base = node.base.arg if isinstance(node.base, Norm) and exponent % 2 == 0 else node.base
        inner = polynomial_degree(base, size)
        return None if inner is None else inner * abs(int(exponent))
    return None
