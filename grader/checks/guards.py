"""Guards against answers written to game the grader rather than to answer.

A guard never silently zeroes an answer: it withholds the credit it must and says why,
and the part goes to a human for review.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from grader.checks.concept import function_word_ratio
from grader.checks.wording import Clause
from grader.results import ItemResult

_INJECTION = re.compile(
    r"\b(ignore|disregard)\b.{0,40}\b(rubric|instructions?|prompt|rules|marking|grading)"
    r"|\b(award|give|grant|assign)\b.{0,30}\b(full|maximum|max|all|perfect)\b.{0,20}\b(marks?|points?|credit|score)"
    r"|\b(grader|ta|marker|examiner|assistant|ai|model)\s*[:,]\s*.{0,40}\b\d+\s*/\s*\d+"
    r"|\bfull (marks|points|credit)\b",
    re.IGNORECASE | re.DOTALL,
)
_VERBISH = re.compile(
    r"\b(is|are|was|were|be|has|have|had|do|does|can|will|would|should|must|may|\w+(ed|es|s|ing))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GuardReport:
    injection: bool = False
    keyword_list: bool = False
    review: tuple[str, ...] = ()


def inspect(prose: Sequence[Clause], raw: str, *, lists_allowed: bool = False) -> GuardReport:
    review: list[str] = []
    injection = bool(_INJECTION.search(raw))
    if injection:
        review.append("the answer contains instructions aimed at the grader: they earn nothing; "
                      "only genuine content is credited")
    words = [t for c in prose for t in c.tokens if t.isalpha()]
    keyword_list = (
        not lists_allowed
        and len(words) >= 4
        and function_word_ratio(prose) < 0.12
        and not any(_VERBISH.search(c.text) and len(c.tokens) >= 6 for c in prose)
    )
    if keyword_list:
        review.append("the answer is a list of keywords, not sentences: no credit for prose items")
    return GuardReport(injection, keyword_list, tuple(review))


def apply(report: GuardReport, items: list[ItemResult], prose_ids: set[str]) -> list[ItemResult]:
    """Withhold prose credit when a guard fired (math items keep their own verdicts)."""
    if not report.keyword_list:
        return items
    why = "withheld: a keyword list"
    return [
        replace(i, points=0.0, status="missing", reason=f"{why} ({i.reason})")
        if i.points > 0 and i.id in prose_ids else i
        for i in items
    ]
