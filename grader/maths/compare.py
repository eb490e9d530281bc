"""compare and diagnose: is the student's expression the expected one, and if not, why not."""

from __future__ import annotations

import time
from typing import Literal

from grader.maths.build import try_prove
from grader.maths.context import Context, compile_table
from grader.maths.evaluate import SAMPLE_SET_SIZE, same, transpose
from grader.maths.limits import polynomial_degree
from grader.maths.mutants import find_mistake
from grader.maths.nodes import Node, has_derivative, is_expanded, pretty_name, symbols_in
from grader.maths.reader import read_in
from grader.maths.sampling import OutOfTime, Samples, sample, seed_for, show_number
from grader.maths.shapes import show
from grader.maths.symbols import SymbolTable
from grader.maths.tokens import MathError
from grader.maths.verdicts import Mistake, Parsed, Verdict

Form = Literal["any", "expanded"]
TIME_BUDGET = 3.0  # seconds of wall clock per check before it is handed to a human


def compare(
    student: str,
    expected: str,
    table: SymbolTable,
    *,
    use_definitions: bool = True,
    form: Form = "any",
) -> Verdict:
    """Is `student` equivalent to `expected` (one expression each, no relations)?"""
    ctx = compile_table(table)
    read = _read_both(student, expected, ctx)
    if isinstance(read, Verdict):
        return read
    return compare_parsed(read[0], read[1], ctx, use_definitions=use_definitions, form=form)


def diagnose(student: str, expected: str, table: SymbolTable) -> Mistake | None:
    """The named mistake that turns `expected` into `student`, if one does."""
    verdict = compare(student, expected, table)
    if verdict.status in ("not_equivalent", "transposed"):
        return verdict.mistake
    return None


def _read_both(student: str, expected: str, ctx: Context) -> tuple[Parsed, Parsed] | Verdict:
    if ctx.error is not None:
        return Verdict("invalid", "none", ctx.error)
    s = read_in(student, ctx)
    if isinstance(s, MathError):
        return Verdict("invalid", "none", s.message)
    e = read_in(expected, ctx)
    if isinstance(e, MathError):
        return Verdict("invalid", "none", f"the expected answer cannot be read: {e.message}")
    if e.shape is None:
        return Verdict("invalid", "none", f"the expected answer is malformed: {e.shape_error}")
    return s, e


def compare_parsed(
    s: Parsed,
    e: Parsed,
    ctx: Context,
    *,
    use_definitions: bool = True,
    form: Form = "any",
) -> Verdict:
    unevaluated = has_derivative(s.tree)
    if s.shape is None or e.shape is None:
        return Verdict(
            "dimension_error", "shape", s.shape_error or "", None, None, None, unevaluated
        )
    flipped = (e.shape[1], e.shape[0])
    if s.shape != e.shape and s.shape != flipped:
        message = f"your answer is {show(s.shape)} but the answer should be {show(e.shape)}"
        return Verdict("not_equivalent", "shape", message, has_unevaluated_derivative=unevaluated)
    seed = seed_for(s.text, e.text)
    deadline = time.monotonic() + TIME_BUDGET
    try:
        samples = sample(
            ctx, s.tree, e.tree, use_definitions=use_definitions, seed=seed, deadline=deadline
        )
    except OutOfTime:
        message = f"could not be checked within {TIME_BUDGET:g} s"
        return Verdict("needs_review", "none", message, has_unevaluated_derivative=unevaluated)
    if not samples.points:
        return _no_points(samples, unevaluated)
    if s.shape != e.shape:
        return _transposed(s, e, samples, ctx, unevaluated)
    for index, (got, want) in enumerate(zip(samples.student, samples.expected, strict=True)):
        if not same(got, want):
            mistake = find_mistake(samples.student, e.tree, samples, ctx, deadline + 1.0)
            message = _witness_message(s.tree, e.tree, samples, index, mistake)
            witness = _witness(s.tree, e.tree, samples, index)
            return Verdict(
                "not_equivalent", "witness", message, None, witness, mistake, unevaluated
            )
    if form == "expanded" and not is_expanded(s.tree):
        mistake = Mistake("not_expanded", "equivalent, but not multiplied out", False)
        message = "this is equivalent, but it is not written in expanded form"
        return Verdict("not_equivalent", "none", message, None, None, mistake, unevaluated)
    return _equivalent(s, e, samples, ctx, use_definitions=use_definitions, unevaluated=unevaluated)


def _no_points(samples: Samples, unevaluated: bool) -> Verdict:
    reason = samples.student_undefined or ""
    if "overflow" in reason or "too large" in reason:  # a limit, not a mathematical fact
        message = f"could not be checked: the values are too large ({reason})"
        return Verdict("needs_review", "none", message, has_unevaluated_derivative=unevaluated)
    if samples.student_undefined is not None:
        message = f"your expression has no value at any test point ({samples.student_undefined})"
        return Verdict("not_equivalent", "witness", message, has_unevaluated_derivative=unevaluated)
    reason = samples.expected_undefined or "no valid test point"
    return Verdict(
        "needs_review",
        "none",
        f"could not be checked: {reason}",
        has_unevaluated_derivative=unevaluated,
    )


def _transposed(s: Parsed, e: Parsed, samples: Samples, ctx: Context, unevaluated: bool) -> Verdict:
    if all(same(transpose(g), w) for g, w in zip(samples.student, samples.expected, strict=True)):
        mistake = Mistake("transposed", "this is the transpose of the expected answer", False)
        shown = f"{show(s.shape or ('?', '?'))} instead of {show(e.shape or ('?', '?'))}"
        message = f"your answer is the expected one transposed ({shown})"
        return Verdict("transposed", "shape", message, None, None, mistake, unevaluated)
    message = (
        f"your answer is {show(s.shape or ('?', '?'))} but should be {show(e.shape or ('?', '?'))}"
    )
    return Verdict("not_equivalent", "shape", message, has_unevaluated_derivative=unevaluated)


def _equivalent(
    s: Parsed,
    e: Parsed,
    samples: Samples,
    ctx: Context,
    *,
    use_definitions: bool,
    unevaluated: bool,
) -> Verdict:
    bound = _false_pass_bound(s.tree, e.tree, samples, ctx, use_definitions=use_definitions)
    if s.tree == e.tree or try_prove(s.tree, e.tree, ctx, use_definitions=use_definitions):
        return Verdict(
            "equivalent", "proved", "equivalent (proved symbolically)", 0.0, None, None, unevaluated
        )
    n = len(samples.points)
    message = f"equivalent at {n} random points"
    if bound is not None:
        message += f" (false-pass probability ≤ {bound:.1e})"
    return Verdict("equivalent", "probabilistic", message, bound, None, None, unevaluated)


def _false_pass_bound(
    s: Node, e: Node, samples: Samples, ctx: Context, *, use_definitions: bool
) -> float | None:
    """Schwartz–Zippel: (d/|S|)^k for a difference of degree d agreeing at k points."""
    defined = set(ctx.definitions) if use_definitions else set()
    if (symbols_in(s) | symbols_in(e)) & defined or has_derivative(s) or has_derivative(e):
        return None
    size = max((v for sizes in ctx.sizes for v in sizes.values()), default=1)
    ds, de = polynomial_degree(s, size), polynomial_degree(e, size)
    if ds is None or de is None:
        return None
    degree = max(ds + de, 1)
    return float(min(1.0, degree / SAMPLE_SET_SIZE) ** len(samples.points))


def _witness(s: Node, e: Node, samples: Samples, index: int) -> dict[str, str]:
    point = samples.points[index]
    names = sorted(symbols_in(s) | symbols_in(e))
    return {name: show_number(point.values[name]) for name in names if name in point.values}


def _witness_message(
    s: Node, e: Node, samples: Samples, index: int, mistake: Mistake | None
) -> str:
    witness = _witness(s, e, samples, index)
    at = ", ".join(f"{pretty_name(k)}={v}" for k, v in witness.items())
    got = show_number(samples.student[index])
    want = show_number(samples.expected[index])
    if got.startswith("a ") and want.startswith("a "):
        text = f"not equivalent: the values differ at random matrices ({at})"
    else:
        text = f"differs at {at}: got {got}, expected {want}"
    if mistake is not None:
        text = f"{mistake.description}; {text}"
    return text
