"""Symbol tables for the exam's questions, shared by the maths tests."""

from __future__ import annotations

import pytest

from grader.maths import Symbol, SymbolTable

NET = SymbolTable(
    symbols=tuple(Symbol(n) for n in ("x", "y", "w_1", "b_1", "w_2", "b_2")),
    definitions={
        "z_1": "w_1 x + b_1",
        "a_1": "\\sigma(z_1)",
        "z_2": "w_2 a_1 + b_2",
        "a_2": "\\sigma(z_2)",
        "L": "-(y \\log a_2 + (1-y)\\log(1-a_2))",
    },
)
OLS = SymbolTable(
    symbols=(
        Symbol("X", "matrix", ("n", "p")),
        Symbol("y", "matrix", ("n", "1")),
        Symbol("beta", "matrix", ("p", "1"), aliases=("\\hat{\\beta}", "b")),
        Symbol("J"),
    ),
    dims={"n": (5, 7), "p": (3, 4)},
    definitions={"J": "\\frac{1}{2}\\|y - X\\beta\\|^2"},
)
SIG = SymbolTable(symbols=(Symbol("z"),))
THETA = SymbolTable(symbols=(Symbol("theta"), Symbol("alpha"), Symbol("L")))

TABLES = {"net": NET, "ols": OLS, "sig": SIG, "theta": THETA}


@pytest.fixture
def net() -> SymbolTable:
    return NET


@pytest.fixture
def ols() -> SymbolTable:
    return OLS
