"""The reader never crashes or hangs, whatever the text."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.maths import MathError, Parsed, compare, parse_math, split_relations
from tests.maths.conftest import NET, OLS

PIECES = [
    "x", "y", "a_1", "a2", "w_", "X", "^T", "^{-1}", "^", "_", "'", "(", ")", "{", "}", "[", "]",
    "|", r"\|", "+", "-", "*", "/", "=", r"\frac", r"\partial", r"\nabla", r"\sigma", r"\log",
    r"\exp", "e^{", r"\beta", r"\hat{", r"\left(", r"\right)", r"\cdot", "2", "0.5", "10", " ",
    "σ′", "ᵀ", "⁻¹", "₁", "−", "∂", "∇", "‖", r"\sqrt", r"\text{", "!", ",", "&", r"\\", "\\",
    "dL/dw", "d", r"\mathrm{d}", "inv(", "\u0430", "é", "\x00",
]  # fmt: skip

token_soup = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
SLOW = 1.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(token_soup, st.text(max_size=60)))
def test_reader_never_raises_or_hangs(text: str) -> None:
    start = time.monotonic()
    for table in (NET, OLS):
        result = parse_math(text, table)
        assert isinstance(result, Parsed | MathError)
    split_relations(text)
    assert time.monotonic() - start < SLOW


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token_soup)
def test_compare_never_raises_or_hangs(text: str) -> None:
    start = time.monotonic()
    compare(text, "(a_2 - y) w_2 a_1 (1 - a_1) x", NET)
    compare(text, r"X^T X \beta - X^T y", OLS)
    assert time.monotonic() - start < 2 * SLOW
