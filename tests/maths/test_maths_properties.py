"""Property tests: rewritings of an expected answer are accepted; mutations are not."""

from __future__ import annotations

import random

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.maths import compare
from grader.maths.build import inline, to_sympy
from grader.maths.context import compile_table
from grader.maths.nodes import (
    Add,
    Mul,
    Neg,
    Node,
    Sym,
    positions,
    render,
    replace_at,
)
from grader.maths.reader import read_in
from grader.maths.verdicts import Parsed
from tests.maths.conftest import NET, OLS

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- rewritings

A1 = st.sampled_from(["a_1", "a1", "a_{1}", "a₁"])
A2 = st.sampled_from(["a_2", "a2", "a_{2}", "a₂"])
W2 = st.sampled_from(["w_2", "w2", "w_{2}", "w₂"])
MINUS = st.sampled_from(["-", "−", " - "])
MUL = st.sampled_from([" ", r" \cdot ", "*", " · ", r" \times "])


@st.composite
def d_w1(draw: st.DrawFn) -> str:
    a1, a2, w2, minus = draw(A1), draw(A2), draw(W2), draw(MINUS)
    factors = [f"({a2} {minus} y)", f"({w2})" if draw(st.booleans()) else w2, a1]
    factors += [f"(1 {minus} {a1})", "x" if draw(st.booleans()) else "(x)"]
    sigma_form = draw(st.sampled_from(["pair", "sigma", "prime"]))
    if sigma_form == "sigma":
        factors[2:4] = [r"\sigma(z_1)", r"(1 - \sigma(z_1))"]
    elif sigma_form == "prime":
        factors[2:4] = [r"\sigma'(z_1)"]
    order = draw(st.permutations(factors))
    return draw(MUL).join(order)


T = st.sampled_from(["^T", "^{T}", r"^\top", "'", "ᵀ", r"^{\top}"])
BETA = st.sampled_from([r"\beta", "β", r"\hat{\beta}", "b", r"\boldsymbol{\beta}"])


@st.composite
def gradient(draw: st.DrawFn) -> str:
    t1, t2, beta, minus = draw(T), draw(T), draw(BETA), draw(MINUS)
    forms = [
        f"X{t1} X {beta} {minus} X{t2} y",
        f"{minus}X{t1} (y {minus} X {beta})",
        f"X{t1}(X {beta} {minus} y)",
        f"{minus}X{t1} y + X{t2} X {beta}",
        f"((X {beta} {minus} y){t1} X){t2}",
        rf"\frac{{1}}{{2}}(2 X{t1} X {beta} {minus} 2 X{t2} y)",
    ]
    return draw(st.sampled_from(forms))


@FAST
@given(d_w1())
def test_rewritings_of_dl_dw1_are_accepted(text: str) -> None:
    verdict = compare(text, "(a_2 - y) w_2 a_1 (1 - a_1) x", NET)
    assert verdict.status == "equivalent", (text, verdict.message)


@FAST
@given(gradient())
def test_rewritings_of_the_gradient_are_accepted(text: str) -> None:
    verdict = compare(text, r"X^T X \beta - X^T y", OLS)
    assert verdict.status == "equivalent", (text, verdict.message)


# ---------------------------------------------------------------- mutations

EXPECTED_NET = [
    "(a_2 - y) w_2 a_1 (1 - a_1) x",
    "(a_2 - y) w_2 a_1 (1 - a_1)",
    "(a_2 - y) a_1",
    "a_2 - y",
]
NAMES = ["x", "y", "w_1", "b_1", "w_2", "b_2", "a_1", "a_2", "z_1", "z_2"]


def _mutate(tree: Node, rng: random.Random) -> Node:
    spots = list(positions(tree))
    path, node = rng.choice(spots)
    kind = rng.randrange(4)
    if kind == 0:
        new: Node = Neg(node)
    elif kind == 1 and isinstance(node, Sym):
        new = Sym(rng.choice([n for n in NAMES if n != node.name]))
    elif kind == 2 and isinstance(node, Mul | Add) and len(node.children()) > 1:
        kids = list(node.children())
        del kids[rng.randrange(len(kids))]
        new = kids[0] if len(kids) == 1 else type(node)(tuple(kids))
    else:
        new = Add((node, Sym("x")))
    return replace_at(tree, path, new)


def _oracle_differs(a: Node, b: Node) -> bool:
    """Independent check through SymPy's own float evaluation at a few points."""
    ctx = compile_table(NET)
    sa, sb = to_sympy(inline(a, ctx), ctx), to_sympy(inline(b, ctx), ctx)
    rng = random.Random(7)
    for _ in range(3):
        subs = {s: sympy.Float(rng.uniform(-2, 2)) for s in sa.free_symbols | sb.free_symbols}
        va, vb = complex(sa.evalf(30, subs=subs)), complex(sb.evalf(30, subs=subs))
        if abs(va - vb) > 1e-9 * max(1.0, abs(va), abs(vb)):
            return True
    return False


@FAST
@given(st.sampled_from(EXPECTED_NET), st.integers(0, 10**6))
def test_mutations_are_never_accepted(expected: str, seed: int) -> None:
    ctx = compile_table(NET)
    parsed = read_in(expected, ctx)
    assert isinstance(parsed, Parsed)
    mutated = _mutate(parsed.tree, random.Random(seed))
    text = render(mutated)
    if _oracle_differs(mutated, parsed.tree):
        verdict = compare(text, expected, NET)
        assert verdict.status != "equivalent", (text, verdict.message)


@FAST
@given(st.sampled_from(EXPECTED_NET), st.integers(0, 10**6))
def test_rendering_reads_back_the_same(expected: str, seed: int) -> None:
    ctx = compile_table(NET)
    parsed = read_in(expected, ctx)
    assert isinstance(parsed, Parsed)
    mutated = _mutate(parsed.tree, random.Random(seed))
    verdict = compare(render(mutated), render(mutated), NET)
    assert verdict.status in ("equivalent", "needs_review"), verdict.message
