"""The learned second opinion (grader/checks/learned.py): the shipped weights reproduce
scikit-learn's probabilities, apply only to the rubric they were trained on, and overrule
the rules only when the whole answer and one sentence of it agree, with the reason given."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from grader.checks import learned
from grader.checks.wording import Clause
from grader.results import Evidence, ItemResult
from grader.spec.load import load_problems
from grader.spec.models import WrittenPart

DATA = Path(__file__).resolve().parents[1] / "data"


def part(part_id: str) -> WrittenPart:
    parts = [p for prob in load_problems() for p in prob.parts if isinstance(p, WrittenPart)]
    return next(p for p in parts if p.id == part_id)


def test_shipped_weights_reproduce_scikit_learn() -> None:
    """Probes recorded at training time: our tokeniser, TF-IDF and dot product give the same
    probability as the fitted scikit-learn pipeline, on the same labeled answers."""
    model = learned.load_model()
    assert len(model.probes) >= 30
    for probe in model.probes:
        data = yaml.safe_load((DATA / probe.folder / f"{probe.part}.yaml").read_text("utf-8"))
        text = next(a["text"] for a in data["answers"] if a["id"] == probe.answer) or ""
        scorer = learned.scorer_for(part(probe.part))
        assert scorer is not None
        assert scorer.alone(probe.item, learned.prepared(text)) == pytest.approx(probe.p, abs=1e-5)


def test_model_is_trained_on_the_current_tune_split() -> None:
    """Labels changed since training: run ``python bench/train_items.py`` again."""
    import sys

    sys.path.insert(0, str(DATA.parents[1] / "bench"))
    from train_items import training_sha256

    assert learned.load_model().trained_on["tune_sha256"] == training_sha256()


def test_another_rubric_under_the_same_part_id_gets_no_second_opinion() -> None:
    p = part("3.d")
    assert learned.scorer_for(p) is not None
    other = p.model_copy(update={"question": "Explain exploding gradients."})
    assert learned.scorer_for(other) is None


# ----------------------------------------------------------------- decisions, on a toy model

TOY = learned.PartModel(
    rubric_sha256="toy",
    terms=["wrong", "right", "filler"],
    idf=[1.0, 1.0, 1.0],
    items={"it": learned.ItemWeights(intercept=0.0, coef=[-9.0, 9.0, 0.0], labeled=(1, 2))},
)
SCORER = learned.Scorer(TOY, {t: j for j, t in enumerate(TOY.terms)})
PAD = " filler" * 20  # long enough for the model to speak (MIN_WORDS)


def found(sentence: str) -> ItemResult:
    return ItemResult("it", "the item", 1.0, 1.0, "found", "matched", (Evidence(sentence, 1),))


def missing() -> ItemResult:
    return ItemResult("it", "the item", 0.0, 1.0, "missing", "no wording matched")


def clause(text: str, *, copied: bool = False) -> Clause:
    words = tuple(text.split())
    return Clause(text=text, tokens=words, stems=words, line=1, copied=copied)


def opinion(
    answer: str, items: list[ItemResult], prose: list[Clause], *, guarded: bool = False
) -> tuple[list[ItemResult], list[str]]:
    return learned.second_opinion(part("3.d"), answer, prose, items, guarded=guarded, scorer=SCORER)


def test_withheld_when_answer_and_matched_sentence_both_read_wrong() -> None:
    answer = "wrong wrong" + PAD
    items, review = opinion(answer, [found("wrong wrong")], [clause(answer)])
    assert items[0].points == 0
    assert "withheld on a second opinion" in items[0].reason
    assert "“wrong”" in items[0].reason  # the words that weighed against it
    assert review
    assert review[0].startswith("it: withheld")


def test_kept_when_the_matched_sentence_alone_reads_right() -> None:
    """A long, complete answer dilutes each of its words: the sentence decides too."""
    answer = "wrong wrong wrong. right" + PAD
    items, review = opinion(answer, [found("right")], [clause(answer)])
    assert items[0].points == 1.0
    assert review == []


def test_credited_with_the_students_own_sentence_as_evidence() -> None:
    answer = "right right" + PAD
    items, review = opinion(answer, [missing()], [clause("filler"), clause("right right")])
    assert items[0].points == 1.0
    assert items[0].status == "found"
    assert items[0].evidence[0].text == "right right"
    assert "credited on a second opinion" in items[0].reason
    assert review


@pytest.mark.parametrize(
    ("prose", "guarded", "status"),
    [
        ([clause("right right", copied=True)], False, "missing"),  # only the question's words
        ([clause("right right")], True, "missing"),  # a guard fired: keyword list, salad…
        ([clause("right right")], False, "contradicted"),  # the rules saw the opposite
    ],
)
def test_never_credited(prose: list[Clause], guarded: bool, status: str) -> None:
    item = ItemResult("it", "the item", 0.0, 1.0, status, "no")  # type: ignore[arg-type]
    items, review = opinion("right right" + PAD, [item], prose, guarded=guarded)
    assert items[0].points == 0
    assert review == []


def test_short_answers_are_left_to_the_rules() -> None:
    items, review = opinion("wrong wrong", [found("wrong wrong")], [clause("wrong wrong")])
    assert items[0].points == 1.0
    assert review == []


def test_a_huge_answer_is_read_only_up_to_the_cap() -> None:
    assert len(learned.prepared("right " * 200_000)) <= learned.MAX_CHARS
    items, _ = opinion("right " * 200_000, [missing()], [clause("right")])
    assert items[0].points == 1.0
