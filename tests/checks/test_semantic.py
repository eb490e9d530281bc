"""The optional semantic path, with a fake embedder: it only adds credit or review flags
where lexical matching missed, and guards, negations and contradictions still win."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.checks import semantic
from tests.checks.test_concept_matching import parts

WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class FakeEmbedder:
    """One dimension per group of synonyms: enough to tell a paraphrase from noise."""

    concepts: tuple[frozenset[str], ...]
    model_id: str = "fake"

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        words = [set(WORDS.findall(t.lower())) for t in texts]
        return [[float(bool(c & w)) for c in self.concepts] for w in words]


FAKE = FakeEmbedder(
    (
        frozenset({"fades", "barely"}),
        frozenset({"back", "early"}),
        frozenset({"training", "signal", "learning"}),
    )
)
PARAPHRASE = "The early inputs barely influence the learning at all."


def grade(part_id: str, text: str, credit: float = 0.7):  # type: ignore[no-untyped-def]
    thresholds = semantic.Thresholds(credit=credit, review=0.3)
    return semantic.grader_with(FAKE, thresholds)(parts()[part_id], text)


def item(result, item_id: str):  # type: ignore[no-untyped-def]
    return next(i for i in result.items if i.id == item_id)


def test_the_paraphrase_is_missed_by_the_lexicon() -> None:
    assert grade("3.b", PARAPHRASE, credit=1.01).points == 0


def test_paraphrase_missed_by_the_lexicon_earns_credit_and_review() -> None:
    result = grade("3.b", PARAPHRASE)
    found = item(result, "vanishing")
    assert (found.points, found.status) == (2.0, "found")
    assert found.detail.startswith("review: semantic match")
    assert result.points == 2
    assert result.needs_review


def test_below_the_credit_threshold_only_flags() -> None:
    result = grade("3.b", PARAPHRASE, 1.01)
    assert result.points == 0
    assert "possible paraphrase" in item(result, "vanishing").detail


def test_a_negated_clause_earns_nothing() -> None:
    result = grade("3.b", "The early inputs never influence the learning at all.")
    assert result.points == 0


def test_a_keyword_list_earns_nothing() -> None:
    result = grade("3.b", "early inputs, barely, influence, learning, early, inputs")
    assert result.points == 0


def test_a_contradicted_item_stays_contradicted() -> None:
    text = "RNNs learn long dependencies too easily, so the early inputs barely influence learning."
    assert item(grade("3.b", text), "vanishing").status == "contradicted"


def test_anchors_hold_the_rubric_and_its_clauses() -> None:
    found = semantic.anchors(parts()["3.d"], "additive")
    assert found[0].startswith("The LSTM cell state is updated additively")
    assert len(found) >= 3


def test_the_core_never_imports_the_semantic_path() -> None:
    package = Path(semantic.__file__).parents[1]
    users = [
        p.name
        for p in package.rglob("*.py")
        if p.name != "semantic.py" and "checks.semantic" in p.read_text(encoding="utf-8")
    ]
    assert users == []
