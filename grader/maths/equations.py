"""compare_equations: do two equations have the same solution set for one unknown?

Each equation lhs = rhs becomes a residual r(u) = lhs − rhs. At each random point the
residual is probed at u = 0 and at unit vectors, which gives r(u) = A u − b when r is affine;
the solution A⁻¹b is then verified (r(u*) = 0 exactly) and compared between the two
equations. XᵀXβ = Xᵀy and β = (XᵀX)⁻¹Xᵀy thus agree; 0 = 0 "determines" nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

from grader.maths.context import Context, compile_table
from grader.maths.evaluate import Point, draw_point, evaluate, same
from grader.maths.nodes import Add, Neg, Node, Num, pretty_name
from grader.maths.numeric import Mat, Scalar, Undefined, Value, add, inverse, matmul, neg
from grader.maths.reader import read_in
from grader.maths.relations import split_relations
from grader.maths.sampling import seed_for
from grader.maths.shapes import ShapeError, infer, show
from grader.maths.symbols import SymbolTable
from grader.maths.tokens import MathError
from grader.maths.verdicts import Verdict

POINTS = 4


def compare_equations(student: str, expected: str, table: SymbolTable, *, unknown: str) -> Verdict:
    """Same solution set for `unknown`: "XᵀXβ = Xᵀy" vs "β = (XᵀX)⁻¹Xᵀy"."""
    ctx = compile_table(table)
    if ctx.error is not None:
        return Verdict("invalid", "none", ctx.error)
    target = ctx.names.lookup(unknown) or (unknown if unknown in ctx.shapes else None)
    if target is None:
        return Verdict("invalid", "none", f"unknown symbol {unknown}")
    residuals: list[Node] = []
    for text, whose in ((student, "your"), (expected, "the expected")):
        residual = _residual(text, ctx)
        if isinstance(residual, Verdict):
            prefix = "" if whose == "your" else "the expected equation: "
            return Verdict(residual.status, residual.proof, prefix + residual.message)
        residuals.append(residual)
    rng = random.Random(seed_for(student, expected))
    checked = 0
    for attempt in range(POINTS * 10):
        if checked == POINTS:
            break
        try:
            point = draw_point(ctx, rng, attempt % len(ctx.sizes), use_definitions=True)
            want = _solve(residuals[1], target, point, ctx)
        except Undefined:
            continue
        if want is None:
            return Verdict(
                "needs_review",
                "none",
                f"the expected equation is not linear in {pretty_name(target)}",
            )
        try:
            got = _solve(residuals[0], target, point, ctx)
        except Undefined as exc:
            return Verdict("not_equivalent", "witness", f"your equation cannot be solved ({exc})")
        if got is None:
            return Verdict(
                "not_equivalent",
                "witness",
                f"your equation does not determine {pretty_name(target)} "
                "the way the expected one does",
            )
        if not same(got, want):
            return Verdict(
                "not_equivalent", "witness", f"the solutions for {pretty_name(target)} differ"
            )
        checked += 1
    if checked == 0:
        return Verdict("needs_review", "none", "no valid test point")
    return Verdict("equivalent", "probabilistic", f"same solution at {checked} random points")


def _residual(text: str, ctx: Context) -> Node | Verdict:
    sides = split_relations(text)
    if len(sides) != 2:
        return Verdict("invalid", "none", f"expected one equation (two sides), found {len(sides)}")
    parsed = []
    for side in sides:
        p = read_in(side, ctx)
        if isinstance(p, MathError):
            return Verdict("invalid", "none", p.message)
        if p.shape is None:
            return Verdict("dimension_error", "shape", p.shape_error or "")
        parsed.append(p)
    for zero, other in ((parsed[1], parsed[0]), (parsed[0], parsed[1])):
        if isinstance(zero.tree, Num) and zero.tree.value == 0:  # "= 0" means the zero matrix
            return other.tree
    if parsed[0].shape != parsed[1].shape:
        a, b = parsed[0].shape or ("?", "?"), parsed[1].shape or ("?", "?")
        message = f"the two sides have different shapes ({show(a)} and {show(b)})"
        return Verdict("dimension_error", "shape", message)
    try:
        tree = Add((parsed[0].tree, Neg(parsed[1].tree)))
        infer(tree, ctx.shapes)
    except ShapeError as exc:
        return Verdict("dimension_error", "shape", exc.message)
    return tree


def _with(point: Point, name: str, value: Value) -> Point:
    values = dict(point.values)
    values[name] = value
    return Point(values, values, None)


def _column(value: Value) -> list[Scalar]:
    if isinstance(value, Mat):
        return [x for row in value.data for x in row]
    return [value]


def _solve(residual: Node, unknown: str, point: Point, ctx: Context) -> Value | None:
    """The unique u with residual(u) = 0 if the residual is affine in u, else None."""
    current = point.values[unknown]
    rows, cols = (current.rows, current.cols) if isinstance(current, Mat) else (1, 1)
    size = rows * cols

    def at(entries: Sequence[Scalar]) -> list[Scalar]:
        value: Value = (
            Mat(rows, cols, tuple(tuple(entries[r * cols : (r + 1) * cols]) for r in range(rows)))
            if isinstance(current, Mat)
            else entries[0]
        )
        return _column(evaluate(residual, _with(point, unknown, value), ctx))

    zero = [Fraction(0)] * size
    r0 = at(zero)
    columns = []
    for i in range(size):
        unit = list(zero)
        unit[i] = Fraction(1)
        ri = at(unit)
        columns.append([_sub(a, b) for a, b in zip(ri, r0, strict=True)])
    if len(r0) != size:
        return None
    a = Mat(size, size, tuple(tuple(columns[j][i] for j in range(size)) for i in range(size)))
    try:
        a_inv = inverse(a)
    except Undefined:
        return None
    b = Mat(size, 1, tuple((neg(x),) for x in r0))
    solution = [row[0] for row in matmul(a_inv, b).data]
    check = at(solution)
    if not all(same(x, Fraction(0)) for x in check):
        return None
    if isinstance(current, Mat):
        data = tuple(tuple(solution[r * cols : (r + 1) * cols]) for r in range(rows))
        return Mat(rows, cols, data)
    return solution[0]


def _sub(a: Scalar, b: Scalar) -> Scalar:
    return add(a, neg(b))
