"""Concept items: a rubric item is found when one of its patterns matches inside one clause.

A pattern is a list of concept groups; each group lists phrases that mean the same thing
here. All groups of a pattern must appear in the same clause, none of them negated.
Clauses copied from the question never count. The evidence is the clause itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grader.checks.wording import Clause, find_group, negated, one_claim, stem, tokens
from grader.results import Evidence, ItemResult
from grader.spec.models import ConceptItem, Misconception, Pattern

_FUNCTION_WORDS = frozenset(
    "a an the is are was were be been being of to in on at by for with from as that this these "
    "those it its they them their there which who whom whose what when where why how and or but "
    "if then so because than into through over under about after before while can could will "
    "would should may might must do does did has have had not no too very also just only more most "
    "much such either neither both each any all some we you i he she one".split()
)


@dataclass(frozen=True)
class Match:
    clause: Clause
    negated: bool


def match_pattern(pattern: Pattern, clause: Clause, *, ordered: bool = False) -> Match | None:
    """The pattern's groups all found in ``clause`` (negated if any group is). ``ordered``:
    in the pattern's order and within one claim, as a misconception must be stated."""
    if not ordered:
        positions = [find_group(clause, group) for group in pattern]
        if any(p is None for p in positions):
            return None
        return Match(clause, any(negated(clause, p) for p in positions if p is not None))
    start = find_group(clause, pattern[0])
    while start is not None:
        positions = _ordered_from(pattern, clause, start)
        if positions and one_claim(clause, positions[0], positions[-1]):
            return Match(clause, any(negated(clause, p) for p in positions))
        start = find_group(clause, pattern[0], start + 1)
    return None


def _ordered_from(pattern: Pattern, clause: Clause, start: int) -> list[int] | None:
    positions = [start]
    for group in pattern[1:]:
        pos = find_group(clause, group, positions[-1] + 1)
        if pos is None:
            return None
        positions.append(pos)
    return positions


def search(
    patterns: Sequence[Pattern], clauses: Sequence[Clause], *, ordered: bool = False
) -> tuple[Match | None, Match | None]:
    """(first affirmative match, first negated match) over all patterns and clauses."""
    positive: Match | None = None
    negative: Match | None = None
    for clause in clauses:
        for pattern in patterns:
            hit = match_pattern(pattern, clause, ordered=ordered)
            if hit is None:
                continue
            if not hit.negated and positive is None:
                positive = hit
            elif hit.negated and negative is None:
                negative = hit
    return positive, negative


def check_item(item: ConceptItem, clauses: Sequence[Clause]) -> ItemResult:
    if item.require_all:
        hits = [search([p], clauses)[0] for p in item.patterns]
        found = all(hits)
        positive = next((h for h in hits if h), None) if found else None
        negative = None
    else:
        positive, negative = search(item.patterns, clauses)
    if positive is not None and (not item.require_all or found):
        evidence = _evidence([h for h in (hits if item.require_all else [positive]) if h])
        return _result(item, item.points, "found", f"found: {item.rubric}", evidence)
    # half credit names the trade-off; "it should not be too large" names it too
    half_pos, half_neg = search(item.half_patterns, clauses) if item.half_patterns else (None, None)
    half = half_pos or half_neg
    if half is not None:
        return _result(
            item, item.points / 2, "partial",
            f"half credit: the answer goes part of the way ({item.rubric})", _evidence([half]),
        )
    if negative is not None:
        return _result(
            item, 0.0, "contradicted",
            "the answer states the opposite (a negated form of this item)", _evidence([negative]),
        )
    return _result(item, 0.0, "missing", item.missing or f"not found: {item.rubric}", ())


def check_misconception(m: Misconception, clauses: Sequence[Clause]) -> Match | None:
    positive, _ = search(m.patterns, clauses, ordered=True)
    return positive


def copied_from_question(clause: Clause, question_stems: frozenset[str]) -> bool:
    """Most of the clause's content words come from the question itself."""
    content = [s for t, s in zip(clause.tokens, clause.stems, strict=True)
               if t.isalpha() and t not in _FUNCTION_WORDS]
    if len(content) < 5:  # short clauses reuse question words by necessity
        return False
    return sum(s in question_stems for s in content) / len(content) >= 0.8


def question_stems(question: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(question) if t.isalpha())


def function_word_ratio(clauses: Sequence[Clause]) -> float:
    words = [t for c in clauses for t in c.tokens if t.isalpha()]
    return sum(t in _FUNCTION_WORDS for t in words) / len(words) if words else 0.0


def _evidence(matches: Sequence[Match]) -> tuple[Evidence, ...]:
    return tuple(Evidence(m.clause.text, m.clause.line, m.clause.source) for m in matches)


def _result(
    item: ConceptItem, points: float, status: str, reason: str, evidence: tuple[Evidence, ...]
) -> ItemResult:
    return ItemResult(item.id, item.rubric, points, item.points, status, reason, evidence)  # type: ignore[arg-type]
