"""The frozen results the maths engine returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from grader.maths.nodes import Node

Status = Literal[
    "equivalent", "not_equivalent", "dimension_error", "transposed", "invalid", "needs_review"
]
Proof = Literal["proved", "probabilistic", "witness", "shape", "none"]


@dataclass(frozen=True)
class Mistake:
    """A named misconception: the answer equals a known wrong variant of the expected one."""

    name: str  # sign_flipped, missing_factor, extra_factor, wrong_variable, missing_transpose, …
    description: str  # for the student, in their symbols
    one_factor: bool  # exactly one factor of a product missing or wrong (2.b's 1-of-2 rule)


@dataclass(frozen=True)
class Verdict:
    status: Status
    proof: Proof
    message: str
    false_pass_bound: float | None = None
    witness: Mapping[str, str] | None = None
    mistake: Mistake | None = None
    has_unevaluated_derivative: bool = False


@dataclass(frozen=True)
class Parsed:
    """A successfully read expression: its tree, and its shape (or why it has none)."""

    text: str
    tree: Node
    shape: tuple[str, str] | None
    shape_error: str | None = None

    @property
    def has_derivative(self) -> bool:
        from grader.maths.nodes import has_derivative

        return has_derivative(self.tree)
