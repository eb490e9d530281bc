"""Agreement with the human labels in tests/data/prose*, through the real grading path.

The bench (``make bench-concepts``) prints the full table; this test keeps the floor:
tune and held-back answers within half a point of the TA, and attack classes (keyword
lists, word salad, copied questions) earning at most 10 % of a part.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_concepts.py"
ATTACKS = {"keyword_list", "word_salad", "question_copy"}


@cache
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_concepts", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_concepts"] = module
    spec.loader.exec_module(module)
    return module


@cache
def graded() -> tuple[object, ...]:
    return tuple(bench().grade_all(with_held_back=True))


@pytest.mark.parametrize(("split", "floor"), [("tune", 0.90), ("held-back", 0.90)])
def test_within_half_a_point(split: str, floor: float) -> None:
    """With the learned second opinion, as graded by default. The tune split is what it was
    trained on, so its figure says little; the held-back split is the target (90 %)."""
    rows = [r for r in graded() if r.split == split]  # type: ignore[attr-defined]
    assert bench().summary(rows)["within"] >= floor


def test_rules_alone_keep_their_floor_on_the_tune_split() -> None:
    """The rules without the learned model (which was trained on these answers)."""
    rows = bench().grade_all(bench().grade_rules_only)
    assert bench().summary(rows)["within"] >= 0.90


def test_attacks_earn_at_most_ten_percent() -> None:
    """Keyword lists, word salad and copied questions earn at most 10 % of the part for
    themselves: beyond what the TA gave the genuine content beside them (a copied question
    followed by a real answer keeps the real answer's points). Known misses, each measured
    blind before tuning: word salad 3.c-r18 (round 6) and 2.c-s10 (round 8, around a
    formula); 3.a-z09 (round 13), "RNN: sequence, step by step, hidden state, memory" in
    look-alike letters, labeled 0 as a keyword list, which reads as a terse note once the
    letters are mapped back (other labelers grade look-alikes on their meaning); word salad
    3.a-bb10 (round 15), "state hidden sequence the RNN keeps step memory by a feed-forward
    step …", whose shuffle keeps enough English bigrams (fluency 0.02) to pass; and 4.a-ff10
    (round 16), "context  long-range dependency  LSTM" in look-alike letters, four words, too
    short for the keyword-list guard."""
    rows = [r for r in graded() if ATTACKS & set(r.tags) and r.split == "tune"]  # type: ignore[attr-defined]
    assert len(rows) > 150
    over = {r.answer for r in rows if r.machine > r.human + 0.1 * r.max_points}
    assert over <= {"3.c-r18", "2.c-s10", "3.a-z09", "3.a-bb10", "4.a-ff10"}


def test_held_back_attacks_earn_little() -> None:
    """The held-back split's keyword lists, word salad and copied questions together earn at
    most 10 % of their parts' points (1 of 65 points at the start and at the end of session
    5). Per answer, at most two may go over (one did in session 5); their ids are not looked
    at, so that they cannot steer a change."""
    rows = [r for r in graded() if ATTACKS & set(r.tags) and r.split == "held-back"]  # type: ignore[attr-defined]
    assert len(rows) >= 20
    assert sum(r.machine for r in rows) <= 0.1 * sum(r.max_points for r in rows)
    assert sum(r.machine > r.human + 0.1 * r.max_points for r in rows) <= 2


def test_shuffled_genuine_answers_earn_little() -> None:
    """Word salad made from the tune split's genuine answers (shuffled with a fixed seed):
    together they earn at most half of what the originals earn."""
    import random

    rng = random.Random(7)
    rows = [r for r in graded() if r.split == "tune" and r.machine > 0]  # type: ignore[attr-defined]
    specs = bench().written_parts()
    original = shuffled = 0.0
    for r in rows:
        words = r.text.split()
        rng.shuffle(words)
        original += r.machine
        shuffled += bench().grade_text(specs[r.part], " ".join(words)).points
    assert shuffled <= original / 2


def test_qwk_is_one_for_identical_grades() -> None:
    assert bench().qwk([0, 1, 2, 0.5], [0, 1, 2, 0.5], 2) == pytest.approx(1.0)
