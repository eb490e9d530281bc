"""Results as plain, frozen data: what every check returns and every reporter reads.

A result carries its reasons: each rubric item awarded or withheld says why, with the
sentence or expression that earned it, the mistake named or the failing case shown.
``to_dict`` gives JSON-ready data (results are never pickled).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ItemStatus = Literal[
    "found",
    "partial",
    "missing",
    "contradicted",
    "voided",
    "deducted",
    "invalid",
    "passed",
    "failed",
    "error",
]
PartStatus = Literal["graded", "not_answered", "error"]


@dataclass(frozen=True)
class Evidence:
    text: str  # the sentence, expression or case that earned or lost the points
    line: int | None = None
    source: str = ""


@dataclass(frozen=True)
class ItemResult:
    """One rubric item, misconception or test case, with its points and its reason."""

    id: str
    rubric: str
    points: float  # negative for a deduction
    max_points: float
    status: ItemStatus
    reason: str
    evidence: tuple[Evidence, ...] = ()
    hidden: bool = False  # a hidden test case: its inputs and output are never shown
    detail: str = ""  # longer feedback: a table of expected vs got, a trimmed traceback


@dataclass(frozen=True)
class PartResult:
    part: str
    title: str
    points: float
    max_points: float
    status: PartStatus
    items: tuple[ItemResult, ...]
    answer: str = ""  # the student's answer as written, for display
    review: tuple[str, ...] = ()  # why a human should look (empty: confident)
    kind: Literal["written", "code"] = "written"

    @property
    def needs_review(self) -> bool:
        return bool(self.review)


def scored(
    part: str,
    title: str,
    max_points: float,
    items: Sequence[ItemResult],
    *,
    answer: str = "",
    review: Sequence[str] = (),
    kind: Literal["written", "code"] = "written",
) -> PartResult:
    """A graded part: its items' points added up, kept within [0, max_points]."""
    total = max(0.0, min(max_points, sum(i.points for i in items)))
    reasons = tuple(dict.fromkeys(review))
    return PartResult(
        part, title, round(total, 4), max_points, "graded", tuple(items), answer, reasons, kind
    )


@dataclass(frozen=True)
class SubmissionResult:
    id: str
    parts: tuple[PartResult, ...]
    notes: tuple[str, ...] = ()  # files that could not be read, grader warnings
    source: str = ""
    execution_time: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return round(sum(p.points for p in self.parts), 4)

    @property
    def max_score(self) -> float:
        return round(sum(p.max_points for p in self.parts), 4)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"], data["max_score"] = self.score, self.max_score
        return data


def part_from_dict(data: dict[str, Any]) -> PartResult:
    """A PartResult back from ``dataclasses.asdict`` data (e.g. through JSON)."""
    items = tuple(
        ItemResult(**{**i, "evidence": tuple(Evidence(**e) for e in i["evidence"])})
        for i in data["items"]
    )
    return PartResult(**{**data, "items": items, "review": tuple(data["review"])})
