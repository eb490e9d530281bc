"""The bundled submissions' grades, pinned part by part, each with the reason that earns it.

These are the grades a careful human gives under the paper's rubric; a change here is a
change in grading and must be argued from the rubric, never from the sample.
"""

import pytest

from grader.grading import grade_path
from tests.conftest import ROOT, SEED

SEED_POINTS = {
    # Q1 — 9/12
    "1.a": (3, ["found"]),
    "1.b": (
        5,
        ["condition"],
    ),  # expansion, gradient, normal equations, estimator; no rank condition
    "1.c": (1, ["voided"]),  # "O(n^3) … if the data size is large": cubic in n voids the cost item
    # Q2 — 10.5/14
    "2.a": (1, ["σ′"]),  # σ(z) written, σ′(z) never given
    "2.b.i": (2, []),
    "2.b.ii": (2, []),
    "2.b.iii": (2, []),
    "2.b.iv": (2, []),
    # "compute the gradients efficiently" names no backward pass and no reuse, and "each
    # parameter affects the other one in a link" names no path to the loss (every blind
    # labeler who wrote a near-copy of this answer, rounds 8-10, withheld both);
    # "shouldn't be too large or too small": the trade-off without consequences, half credit
    "2.c": (1.5, ["half credit", "efficient", "chain_rule"]),
    # Q3 — 9/13
    "3.a": (2, []),
    "3.b": (2, []),
    "3.c": (2, ["control"]),  # gates and unchanged flow; nothing on what the gates control
    # "multiply … by a no. (η) < 1 so they shrink" and "additive updates": shrink and
    # additive earn 1 each; the per-step factor is named as η, not W·σ′ (no credit), and
    # blaming η costs 1 (the paper's misconception)
    "3.d": (1, ["misconception"]),
    # "ANN, simple pre-diction" names no task: every blind labeler (five rounds) refused it
    "3.e": (2, ["feedforward"]),
    # Q4 — 8/9
    "4.a": (3, []),
    "4.b": (5, ["sigmoid"]),  # every role and forget-0; not that gates are sigmoids in (0, 1)
}


@pytest.fixture(scope="module")
def seed_parts(exam, sandbox):
    result = grade_path(exam, SEED, sandbox)
    return {p.part: p for p in result.parts}


@pytest.mark.parametrize("part_id", list(SEED_POINTS))
def test_seed_points_per_part(seed_parts, part_id):
    points, words = SEED_POINTS[part_id]
    part = seed_parts[part_id]
    explained = " ".join(f"{i.id} {i.status} {i.rubric} {i.reason}" for i in part.items)
    assert part.points == pytest.approx(points), explained
    for word in words:
        assert word.lower() in explained.lower(), explained


def test_seed_written_total_is_36_5_of_48(seed_parts):
    written = sum(p.points for p in seed_parts.values() if p.kind == "written")
    assert written == pytest.approx(36.5)


def test_every_awarded_point_has_evidence(seed_parts):
    for part in seed_parts.values():
        for item in part.items:
            if item.points > 0 and part.kind == "written" and item.status != "deducted":
                assert item.evidence, (part.part, item.id)


BUNDLED_TOTALS = {
    "sam_fullmarks": (48, 48),  # a correct sheet in ASCII math and its own wording
    # 4.b: "the output gate decides the output" restates the gate's name: no role credit;
    # 1.c: "we use gradient descent instead" names the method with no reason it scales;
    # 4.a: "remember that 'model' is the subject" says what is kept, not that a word's
    # meaning depends on its context; the learned second opinion (flagged for review) credits
    # 1.a's "finding the line that goes through the data points" as fitting and withholds
    # 4.b's forget-gate role beside "when the forget gate outputs 1 everything is erased"
    "rui_mistakes": (18, 48),
    "code_correct": (24, 24),
    "code_buggy": (11.05, 24),
    "notebook_priya": (18, 33),
}


@pytest.mark.parametrize("name", list(BUNDLED_TOTALS))
def test_bundled_submission_totals(exam, sandbox, name):
    path = ROOT / "submissions" / name
    result = grade_path(exam, path, sandbox)
    written = sum(p.points for p in result.parts if p.kind == "written")
    code = sum(p.points for p in result.parts if p.kind == "code")
    score = (
        written
        if name.endswith(("fullmarks", "mistakes"))
        else code
        if name.startswith("code")
        else result.score
    )
    expected, _ = BUNDLED_TOTALS[name]
    detail = {p.part: p.points for p in result.parts}
    assert score == pytest.approx(expected), detail
