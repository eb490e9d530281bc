"""Build SymPy objects directly from the reader's tree (never from text), and prove cheap
equalities symbolically.

Scalars become real `Symbol`s; matrices become `MatrixSymbol`s with symbolic dimensions
(noncommutative products); σ is written out as 1/(1 + e^(−z)). The proof attempt is kept
cheap (small trees, low degree); anything else is left to the numeric check.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping

import sympy

from grader.maths.context import Context
from grader.maths.limits import rough_degree
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
    substitute,
    symbols_in,
    walk,
)

MAX_PROOF_NODES = 80
MAX_PROOF_DEGREE = 10


class BuildError(Exception):
    """The tree has no SymPy counterpart here (e.g. a matrix derivative)."""


def to_sympy(node: Node, ctx: Context) -> sympy.Basic:
    """The SymPy object for `node`; derivatives are evaluated through the definitions."""
    return _build(node, ctx)


def _dim(name: str) -> sympy.Expr:
    return sympy.Integer(1) if name == "1" else sympy.Symbol(name, positive=True, integer=True)


def _symbol(name: str, ctx: Context) -> sympy.Basic:
    rows, cols = ctx.shapes.get(name, ("1", "1"))
    if (rows, cols) == ("1", "1"):
        return sympy.Symbol(name, real=True)
    return sympy.MatrixSymbol(name, _dim(rows), _dim(cols))


def _is_matrix(x: sympy.Basic) -> bool:
    return isinstance(x, sympy.MatrixExpr)


def _build(node: Node, ctx: Context) -> sympy.Basic:
    if isinstance(node, Num):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Sym):
        return _symbol(node.name, ctx)
    if isinstance(node, Euler):
        return sympy.E
    if isinstance(node, Neg):
        return -_build(node.arg, ctx)
    if isinstance(node, Add):
        return functools.reduce(operator.add, (_build(t, ctx) for t in node.terms))
    if isinstance(node, Mul):
        return functools.reduce(operator.mul, (_build(f, ctx) for f in node.factors))
    if isinstance(node, Div):
        return _build(node.num, ctx) * _build(node.den, ctx) ** -1
    if isinstance(node, Pow):
        return _build(node.base, ctx) ** _build(node.exp, ctx)
    if isinstance(node, Transpose):
        inner = _build(node.arg, ctx)
        return sympy.Transpose(inner) if _is_matrix(inner) else inner
    if isinstance(node, Inverse):
        inner = _build(node.arg, ctx)
        return sympy.Inverse(inner) if _is_matrix(inner) else inner**-1
    if isinstance(node, Norm):
        inner = _build(node.arg, ctx)
        if _is_matrix(inner):
            return sympy.sqrt((sympy.Transpose(inner) * inner)[0, 0])
        return sympy.Abs(inner)
    if isinstance(node, Call):
        return _call(node.func, _build(node.arg, ctx))
    if isinstance(node, Deriv):
        return _derivative(node, ctx)
    raise BuildError(type(node).__name__)


def _call(func: str, x: sympy.Basic) -> sympy.Basic:
    if _is_matrix(x):
        raise BuildError("element-wise function of a matrix")
    if func == "sigma":
        return 1 / (1 + sympy.exp(-x))
    if func == "sigma_prime":
        s = 1 / (1 + sympy.exp(-x))
        return s * (1 - s)
    table = {"exp": sympy.exp, "log": sympy.log, "tanh": sympy.tanh, "sqrt": sympy.sqrt}
    if func == "abs":
        return sympy.Abs(x)
    return table[func](x)


def inline(node: Node, ctx: Context, keep: str | None = None) -> Node:
    """Substitute definitions until only base symbols (and `keep`) remain."""
    mapping: dict[str, Node] = {}
    for name in ctx.order:
        if name != keep:
            mapping[name] = substitute(ctx.definitions[name], mapping)
    return substitute(node, mapping)


def _derivative(node: Deriv, ctx: Context) -> sympy.Basic:
    if ctx.shapes.get(node.wrt, ("1", "1")) != ("1", "1"):
        raise BuildError("matrix derivative")
    body = _build(inline(node.of, ctx, keep=node.wrt), ctx)
    if _is_matrix(body):
        raise BuildError("matrix derivative")
    return sympy.diff(body, sympy.Symbol(node.wrt, real=True))


def try_prove(s: Node, e: Node, ctx: Context, *, use_definitions: bool) -> bool:
    """True only if SymPy shows s − e = 0 cheaply; False means "not proved", not "unequal"."""
    trees = (s, e)
    if any(sum(1 for _ in walk(t)) > MAX_PROOF_NODES for t in trees):
        return False
    if any(isinstance(n, Call | Euler | Deriv | Norm) for t in trees for n in walk(t)):
        return False
    defined: Mapping[str, Node] = ctx.definitions if use_definitions else {}
    if any(symbols_in(t) & set(defined) for t in trees):
        trees = (inline(s, ctx), inline(e, ctx))
        if any(isinstance(n, Call | Euler) for t in trees for n in walk(t)):
            return False
    if any(rough_degree(t) > MAX_PROOF_DEGREE for t in trees):
        return False
    try:
        a, b = (_build(t, ctx) for t in trees)
        if _is_matrix(a) or _is_matrix(b):
            diff = (a - b).doit().expand()
            return bool(diff == 0 or isinstance(diff, sympy.ZeroMatrix))
        return bool(sympy.cancel(sympy.expand(a - b)) == 0)
    except (BuildError, TypeError, ValueError, AttributeError, sympy.SympifyError):
        return False
