"""Named wrong variants of the expected answer, used to say what a wrong answer got wrong.

Each mutant is one misconception (a flipped sign, a dropped factor, w₁ for w₂, a missing
transpose, σ′ dropped or multiplied in again…). A student's answer that equals a mutant at
every sample point gets that mutant's name and feedback.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from grader.maths.context import Context
from grader.maths.evaluate import same
from grader.maths.nodes import (
    Add,
    Call,
    Inverse,
    Mul,
    Neg,
    Node,
    Num,
    Sym,
    Transpose,
    positions,
    pretty_name,
    render,
    replace_at,
    substitute,
    symbols_in,
)
from grader.maths.numeric import Value
from grader.maths.sampling import Samples, values_at
from grader.maths.shapes import ShapeError, infer
from grader.maths.verdicts import Mistake


@dataclass(frozen=True)
class Mutant:
    name: str
    description: str
    one_factor: bool
    tree: Node


def find_mistake(
    student_values: tuple[Value, ...],
    expected: Node,
    samples: Samples,
    ctx: Context,
    deadline: float = math.inf,
) -> Mistake | None:
    """The first mutant of `expected` that the student's values match, as a Mistake."""
    target = infer_shape(expected, ctx)
    for mutant in generate(expected, ctx):
        if time.monotonic() > deadline:
            return None
        if target is not None and infer_shape(mutant.tree, ctx) is None:
            continue
        values = values_at(mutant.tree, samples, ctx)
        if values is None:
            continue
        if all(same(s, v) for s, v in zip(student_values, values, strict=True)):
            return Mistake(mutant.name, mutant.description, mutant.one_factor)
    return None


def infer_shape(tree: Node, ctx: Context) -> tuple[str, str] | None:
    try:
        return infer(tree, ctx.shapes)
    except ShapeError:
        return None


def generate(expected: Node, ctx: Context) -> Iterator[Mutant]:
    top_product = _top_product(expected)
    yield Mutant(
        "sign_flipped",
        f"the sign is flipped: this is {render(_negate(expected))}, the negative of the "
        "expected answer",
        top_product is not None and any(isinstance(f, Add) for f in top_product.factors),
        _negate(expected),
    )
    yield from _sigma_prime(expected, ctx, top_product)
    yield from _factors(expected, ctx, top_product)
    yield from _variables(expected, ctx, top_product)
    yield from _signs_inside(expected, top_product)
    yield from _matrix_mutants(expected, ctx)
    yield from _extra_symbols(expected, ctx, top_product)
    yield from _scales_and_terms(expected)


def _top_product(tree: Node) -> Mul | None:
    while isinstance(tree, Neg):
        tree = tree.arg
    return tree if isinstance(tree, Mul) else None


def _negate(tree: Node) -> Node:
    """−tree, written the way a student would: −(a − b) becomes b − a."""
    if isinstance(tree, Neg):
        return tree.arg
    if isinstance(tree, Add):
        terms = [_negate(t) for t in tree.terms]
        terms.sort(key=lambda t: isinstance(t, Neg))
        return Add(tuple(terms))
    if isinstance(tree, Num):
        return Num(-tree.value)
    return Neg(tree)


def _sigmoid_symbols(ctx: Context) -> list[tuple[str, Node]]:
    """Defined symbols a = σ(z), with z."""
    return [
        (name, node.arg)
        for name, node in ctx.definitions.items()
        if isinstance(node, Call) and node.func == "sigma"
    ]


def _sigma_pairs(product: Mul, ctx: Context) -> Iterator[tuple[int, str]]:
    """Indices i where factors i, i+1 are a, (1 − a) for a defined as σ(z)."""
    sig = {name for name, _ in _sigmoid_symbols(ctx)}
    factors = product.factors
    for i in range(len(factors) - 1):
        a, b = factors[i], factors[i + 1]
        if isinstance(a, Sym) and a.name in sig and b == Add((Num(Fraction(1)), Neg(a))):
            yield i, a.name


def _sigma_prime(expected: Node, ctx: Context, top: Mul | None) -> Iterator[Mutant]:
    pairs = list(_sigma_pairs(top, ctx)) if top is not None else []
    for path, node in positions(expected):
        if not isinstance(node, Mul):
            continue
        for i, name in _sigma_pairs(node, ctx):
            kept = node.factors[:i] + node.factors[i + 2 :]
            new = Mul(kept) if len(kept) > 1 else (kept[0] if kept else Num(Fraction(1)))
            shown = f"{pretty_name(name)}(1 − {pretty_name(name)})"
            yield Mutant(
                "sigma_prime_dropped",
                f"the factor {shown} (σ′ of {_z_of(name, ctx)}) is missing",
                node is top,
                replace_at(expected, path, new),
            )
        for i, factor in enumerate(node.factors):
            if isinstance(factor, Call) and factor.func == "sigma_prime":
                kept = node.factors[:i] + node.factors[i + 1 :]
                new = Mul(kept) if len(kept) > 1 else kept[0]
                yield Mutant(
                    "sigma_prime_dropped",
                    f"the factor {render(factor)} is missing",
                    node is top,
                    replace_at(expected, path, new),
                )
    present = {name for _, name in pairs}
    for name, _ in _sigmoid_symbols(ctx):
        a = Sym(name)
        factor = Mul((a, Add((Num(Fraction(1)), Neg(a)))))
        shown = f"{pretty_name(name)}(1 − {pretty_name(name)})"
        mutated = (
            Mul((*top.factors, *factor.factors))
            if top is not None
            else Mul((expected, *factor.factors))
        )
        if name in present:
            description = f"the factor {shown} (σ′ of {_z_of(name, ctx)}) appears twice"
            yield Mutant("sigma_prime_doubled", description, True, mutated)
        else:
            description = f"an extra factor {shown} (σ′ of {_z_of(name, ctx)}) is multiplied in" + (
                ": ∂L/∂z₂ = a₂ − y already includes it" if _is_output(name, ctx) else ""
            )
            yield Mutant("sigma_prime_doubled", description, True, mutated)


def _z_of(name: str, ctx: Context) -> str:
    node = ctx.definitions.get(name)
    return render(node.arg) if isinstance(node, Call) else pretty_name(name)


def _is_output(name: str, ctx: Context) -> bool:
    """True for the network's output activation: only the loss (a sink) uses it."""
    users = [d for d, tree in ctx.definitions.items() if name in symbols_in(tree)]
    return bool(users) and all(u in ctx.names.sinks for u in users)


def _factors(expected: Node, ctx: Context, top: Mul | None) -> Iterator[Mutant]:
    for path, node in positions(expected):
        if not isinstance(node, Mul):
            continue
        for i, factor in enumerate(node.factors):
            if isinstance(factor, Num) and factor.value == -1:
                continue
            kept = node.factors[:i] + node.factors[i + 1 :]
            new = Mul(kept) if len(kept) > 1 else kept[0]
            meaning = _meaning(factor, ctx)
            yield Mutant(
                "missing_factor",
                f"the factor {render(factor)}{meaning} is missing",
                node is top,
                replace_at(expected, path, new),
            )


def _meaning(factor: Node, ctx: Context) -> str:
    """ " (∂z₁/∂w₁)" when the factor is literally a local derivative of the network."""
    for lhs, rhs in ctx.definitions.items():
        if not isinstance(rhs, Add):
            continue
        for term in rhs.terms:
            if isinstance(term, Mul) and len(term.factors) == 2:
                a, b = term.factors
                if factor == b and isinstance(a, Sym):
                    return f" (∂{pretty_name(lhs)}/∂{pretty_name(a.name)})"
                if factor == a and isinstance(b, Sym):
                    return f" (∂{pretty_name(lhs)}/∂{pretty_name(b.name)})"
    return ""


_INDEXED = re.compile(r"^(.*?)_?(\d+)$")


def _siblings(name: str, ctx: Context) -> list[str]:
    match = _INDEXED.match(name)
    if not match:
        return []
    base = match.group(1)
    out = []
    for other in ctx.shapes:
        m = _INDEXED.match(other)
        if other != name and m and m.group(1) == base:
            out.append(other)
    return sorted(out)


def _variables(expected: Node, ctx: Context, top: Mul | None) -> Iterator[Mutant]:
    for name in sorted(symbols_in(expected)):
        for sibling in _siblings(name, ctx):
            yield Mutant(
                "wrong_variable",
                f"{pretty_name(sibling)} is used where {pretty_name(name)} belongs",
                top is not None,
                substitute(expected, {name: Sym(sibling)}),
            )
    for path, node in positions(expected):
        if not isinstance(node, Sym):
            continue
        in_one_factor = (
            top is not None
            and len(path) >= 1
            and (expected is top or (isinstance(expected, Neg) and len(path) >= 2))
        )
        for sibling in _siblings(node.name, ctx):
            yield Mutant(
                "wrong_variable",
                f"{pretty_name(sibling)} is used where {pretty_name(node.name)} belongs",
                in_one_factor,
                replace_at(expected, path, Sym(sibling)),
            )


def _signs_inside(expected: Node, top: Mul | None) -> Iterator[Mutant]:
    for path, node in positions(expected):
        if isinstance(node, Add) and len(node.terms) == 2:
            first, second = node.terms
            flipped = Add((first, _negate(second)))
            yield Mutant(
                "sign_inside_flipped",
                f"the sign inside ({render(node)}) is flipped: ({render(flipped)})",
                top is not None and node in top.factors,
                replace_at(expected, path, flipped),
            )


def _matrix_mutants(expected: Node, ctx: Context) -> Iterator[Mutant]:
    if not ctx.has_matrices:
        return
    for path, node in positions(expected):
        if isinstance(node, Transpose):
            yield Mutant(
                "missing_transpose",
                f"the transpose on {render(node.arg)} is missing",
                False,
                replace_at(expected, path, node.arg),
            )
        elif isinstance(node, Inverse):
            yield Mutant(
                "missing_inverse",
                f"the inverse of {render(node.arg)} is missing",
                False,
                replace_at(expected, path, node.arg),
            )
        elif isinstance(node, Sym) and ctx.shapes.get(node.name, ("1", "1")) != ("1", "1"):
            yield Mutant(
                "wrong_transpose",
                f"{render(Transpose(node))} is used where {render(node)} belongs",
                False,
                replace_at(expected, path, Transpose(node)),
            )
        elif isinstance(node, Mul) and len(node.factors) > 1:
            yield Mutant(
                "product_reversed",
                f"the product {render(node)} is written in the reverse order",
                False,
                replace_at(expected, path, Mul(tuple(reversed(node.factors)))),
            )


def _extra_symbols(expected: Node, ctx: Context, top: Mul | None) -> Iterator[Mutant]:
    """An extra scalar factor (x, w₂, …) multiplied in."""
    if ctx.has_matrices:
        return
    for name in ctx.base_symbols(use_definitions=True):
        factors = (*top.factors, Sym(name)) if top is not None else (expected, Sym(name))
        yield Mutant(
            "extra_factor",
            f"an extra factor {pretty_name(name)} is multiplied in",
            True,
            Mul(factors),
        )


def _scales_and_terms(expected: Node) -> Iterator[Mutant]:
    for factor, word in ((Fraction(2), "twice"), (Fraction(1, 2), "half")):
        yield Mutant(
            "wrong_scale",
            f"the answer is {word} the expected one (a factor {factor} too many or too few)",
            False,
            Mul((Num(factor), expected)),
        )
    for path, node in positions(expected):
        if isinstance(node, Add) and len(node.terms) > 2:
            for i, term in enumerate(node.terms):
                terms = list(node.terms)
                terms[i] = _negate(term)
                yield Mutant(
                    "term_sign_flipped",
                    f"the sign of the term {render(term)} is flipped",
                    False,
                    replace_at(expected, path, Add(tuple(terms))),
                )
    for path, node in positions(expected):
        if isinstance(node, Add) and len(node.terms) > 1:
            for i, term in enumerate(node.terms):
                kept = node.terms[:i] + node.terms[i + 1 :]
                new = Add(kept) if len(kept) > 1 else kept[0]
                yield Mutant(
                    "missing_term",
                    f"the term {render(term)} is missing",
                    False,
                    replace_at(expected, path, new),
                )
