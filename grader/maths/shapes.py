"""Shape inference with symbolic dimension names and worded messages.

A shape is (rows, cols) of dimension names: X is ("n", "p"), y is ("n", "1"), a scalar is
("1", "1"). A 1×1 product behaves as a scalar (it commutes), as in βᵀXᵀy·β.
"""

from __future__ import annotations

from collections.abc import Mapping

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
)
from grader.maths.symbols import SCALAR

Shape = tuple[str, str]


class ShapeError(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def show(shape: Shape) -> str:
    return f"{shape[0]}×{shape[1]}"


def is_scalar(shape: Shape) -> bool:
    return shape == SCALAR


def infer(node: Node, shapes: Mapping[str, Shape]) -> Shape:
    """The shape of `node`; raise ShapeError with a readable message if it has none."""
    if isinstance(node, Num | Euler):
        return SCALAR
    if isinstance(node, Sym):
        return shapes.get(node.name, SCALAR)
    if isinstance(node, Neg):
        return infer(node.arg, shapes)
    if isinstance(node, Transpose):
        rows, cols = infer(node.arg, shapes)
        return (cols, rows)
    if isinstance(node, Add):
        return _add(node, shapes)
    if isinstance(node, Mul):
        return _mul(node, shapes)
    if isinstance(node, Div):
        return _div(node, shapes)
    if isinstance(node, Inverse):
        return _square(node.arg, shapes, "has no inverse")
    if isinstance(node, Pow):
        return _pow(node, shapes)
    if isinstance(node, Norm):
        rows, cols = infer(node.arg, shapes)
        if rows != "1" and cols != "1":
            raise ShapeError(
                f"{render(node.arg)} is {rows}×{cols}, not a vector, so ‖·‖ is not its norm", node
            )
        return SCALAR
    if isinstance(node, Call):
        return infer(node.arg, shapes)  # element-wise
    if isinstance(node, Deriv):
        return _deriv(node, shapes)
    raise ShapeError(f"cannot read {render(node)}", node)


def _add(node: Add, shapes: Mapping[str, Shape]) -> Shape:
    terms = [t for t in node.terms if not _is_zero(t)] or [node.terms[0]]  # + 0 fits any shape
    first = infer(terms[0], shapes)
    for term in terms[1:]:
        other = infer(term, shapes)
        if other != first:
            raise ShapeError(
                f"cannot add {render(terms[0])} ({show(first)}) and {render(term)} ({show(other)})",
                node,
            )
    return first


def _is_zero(node: Node) -> bool:
    return isinstance(node, Num) and node.value == 0


def _mul(node: Mul, shapes: Mapping[str, Shape]) -> Shape:
    acc = infer(node.factors[0], shapes)
    for index, factor in enumerate(node.factors[1:], start=1):
        nxt = infer(factor, shapes)
        if is_scalar(acc):
            acc = nxt
        elif is_scalar(nxt):
            continue
        elif acc[1] == nxt[0]:
            acc = (acc[0], nxt[1])
        else:
            left = Mul(node.factors[:index]) if index > 1 else node.factors[0]
            raise ShapeError(
                f"{render(left)} is {show(acc)} but is multiplied by {render(factor)} "
                f"({show(nxt)}): inner dimensions {acc[1]} ≠ {nxt[0]}",
                node,
            )
    return acc


def _div(node: Div, shapes: Mapping[str, Shape]) -> Shape:
    num = infer(node.num, shapes)
    den = infer(node.den, shapes)
    if not is_scalar(den):
        raise ShapeError(
            f"division by {render(node.den)} ({show(den)}) is not defined: "
            "a matrix is inverted, not divided by",
            node,
        )
    return num


def _square(arg: Node, shapes: Mapping[str, Shape], what: str) -> Shape:
    rows, cols = infer(arg, shapes)
    if rows != cols:
        raise ShapeError(f"{render(arg)} is {rows}×{cols}, not square, so it {what}", arg)
    return (rows, cols)


def _pow(node: Pow, shapes: Mapping[str, Shape]) -> Shape:
    if not is_scalar(infer(node.exp, shapes)):
        raise ShapeError(f"the exponent {render(node.exp)} is not a scalar", node)
    base = infer(node.base, shapes)
    if is_scalar(base):
        return base
    if not (isinstance(node.exp, Num) and node.exp.value.denominator == 1 and node.exp.value > 0):
        raise ShapeError(f"{render(node)}: a matrix power must be a positive integer", node)
    return _square(node.base, shapes, "cannot be raised to a power")


def _deriv(node: Deriv, shapes: Mapping[str, Shape]) -> Shape:
    of = infer(node.of, shapes)
    wrt = shapes.get(node.wrt, SCALAR)
    if is_scalar(of):
        return wrt
    if is_scalar(wrt):
        return of
    raise ShapeError(
        f"the derivative of {render(node.of)} ({show(of)}) by a {show(wrt)} matrix "
        "is not supported",
        node,
    )
