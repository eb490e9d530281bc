"""A second opinion on concept items, learned from labeled answers.

The rule matcher (``concept.py``) decides first. Then, for a part this model was trained on
(same question and rubric, checked by fingerprint), a per-item logistic regression over
TF-IDF word and word-pair features of the answer gives the probability that a careful human
grader awards the item. Where the two disagree with confidence the model's view wins and
the part goes to review:

- an item the rules credited is withheld when the probability is below ``WITHHOLD_BELOW``
  (rubric words inside a wrong or vague claim, the commonest miss) and the sentence the
  rules matched, read alone, is below ``SENTENCE_AGREES`` too (a long, complete answer
  dilutes each of its words: the model answer sheet's 3.d scores 0.16 on "shrink" as a
  whole, 0.76 on its sentence about the shrinking product);
- an item the rules found no wording for is credited when it is above ``CREDIT_ABOVE``
  and one sentence of the answer, read alone, is above ``SENTENCE_AGREES``,
  never when a guard fired (keyword list, word salad, hedging, a note to the grader), never
  for an item contradicted or voided by a misconception, and only with a sentence of the
  student's own (not copied from the question) as evidence.

Every change names the sentence, the probability and the words that weighed most. The
weights are plain numbers in ``item_model.json`` (written by ``bench/train_items.py``); no
pickles, and student text only ever becomes a bag of lower-cased words. Why not a library
at run time: inference is one sparse dot product, and scikit-learn (used to train) would
add scipy to every install for it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field

from grader.checks.normalise import normalise
from grader.checks.wording import Clause
from grader.results import Evidence, ItemResult
from grader.spec.models import ConceptItem, WrittenPart

# chosen leave-one-round-out on first-sight grades (bench/bench_learned.py): the whole
# answer decides, and the sentence the decision rests on, read alone, must agree
WITHHOLD_BELOW = 0.25
CREDIT_ABOVE = 0.90
SENTENCE_AGREES = 0.50  # the matched sentence alone below this to withhold, above to credit
MIN_WORDS = 15  # shorter answers are left to the rules (their few words decide too much)
MAX_CHARS = 20_000  # the model reads at most this much of an answer
_TOKEN = re.compile(r"\b\w\w+\b")  # scikit-learn's default token pattern


class ItemWeights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    intercept: float
    coef: list[float]
    labeled: tuple[int, int]  # answers that earned the item, answers seen


class PartModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rubric_sha256: str
    terms: list[str]
    idf: list[float]
    items: dict[str, ItemWeights]


class Probe(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    part: str
    answer: str  # a labeled answer's id in tests/data
    folder: str
    item: str
    p: float  # scikit-learn's probability at training time


class ItemModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    about: str
    trained_on: dict[str, str | int]
    settings: dict[str, float | int | str]
    parts: dict[str, PartModel]
    probes: list[Probe] = Field(default_factory=list)


def prepared(text: str) -> str:
    """The text the model reads: each line normalised as the rules read it (struck-out
    spans dropped, look-alike letters folded, LaTeX names spelled out), capped."""
    lines = text[:MAX_CHARS].splitlines()
    return "\n".join(normalise(line)[0] for line in lines)


def terms(text: str) -> list[str]:
    """Lower-cased words of two letters or more, and each pair of neighbours."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def rubric_sha256(part: WrittenPart) -> str:
    """What the model was trained to grade: the question and the concept items' rubric."""
    items = [(i.id, i.rubric, i.points) for i in part.items if isinstance(i, ConceptItem)]
    data = json.dumps({"question": part.question, "items": items}, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def load_model() -> ItemModel:
    text = resources.files("grader.checks").joinpath("item_model.json").read_text("utf-8")
    return ItemModel.model_validate_json(text)


@dataclass(frozen=True)
class Scorer:
    """One part's vectoriser and item weights (term index built once)."""

    model: PartModel
    index: dict[str, int]

    @classmethod
    def of(cls, model: PartModel) -> Scorer:
        return cls(model, {t: j for j, t in enumerate(model.terms)})

    def vector(self, text: str) -> dict[int, float]:
        counts = Counter(t for t in terms(text) if t in self.index)
        weights = {
            self.index[t]: (1.0 + math.log(n)) * self.model.idf[self.index[t]]
            for t, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {j: w / norm for j, w in weights.items()}

    def probability(self, item: str, vector: dict[int, float]) -> float:
        w = self.model.items[item]
        z = w.intercept + sum(x * w.coef[j] for j, x in vector.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def alone(self, item: str, sentence: str) -> float:
        """The item's probability from one sentence read on its own (a clause's text, which
        the rules have normalised already)."""
        return self.probability(item, self.vector(sentence))

    def weighing(self, item: str, vector: dict[int, float], sign: int, n: int = 3) -> list[str]:
        """The answer's words that pushed hardest towards (sign 1) or against (-1) the item."""
        coef = self.model.items[item].coef
        pushes = sorted(((sign * x * coef[j], j) for j, x in vector.items()), reverse=True)
        return [self.model.terms[j] for push, j in pushes[:n] if push > 0]


def scorer_for(part: WrittenPart) -> Scorer | None:
    """The part's scorer, if the model was trained on this very question and rubric."""
    scorer = _scorer(part.id)
    if scorer is None or scorer.model.rubric_sha256 != rubric_sha256(part):
        return None
    return scorer


@lru_cache(maxsize=64)
def _scorer(part_id: str) -> Scorer | None:
    model = load_model().parts.get(part_id)
    return None if model is None else Scorer.of(model)


@dataclass
class _Sentences:
    """The student's own sentences (not copied from the question), each read alone: read on
    first need, once for all the part's items."""

    scorer: Scorer
    clauses: Sequence[Clause]

    @cached_property
    def vectors(self) -> list[tuple[Clause, dict[int, float]]]:
        own = (c for c in self.clauses if not c.copied and c.text.strip())
        return [(c, self.scorer.vector(c.text)) for c in own]


def second_opinion(
    part: WrittenPart,
    answer: str,
    prose: Sequence[Clause],
    items: Sequence[ItemResult],
    *,
    guarded: bool,
    scorer: Scorer | None = None,
) -> tuple[list[ItemResult], list[str]]:
    """Items with the model's confident disagreements applied, and a review reason for each.
    ``scorer``: another model's (a cross-validation fold's); default: the shipped one."""
    scorer = scorer or scorer_for(part)
    if scorer is None:
        return list(items), []
    text = prepared(answer)
    if len(_TOKEN.findall(text)) < MIN_WORDS:
        return list(items), []
    vector = scorer.vector(text)
    sentences = _Sentences(scorer, prose)
    out: list[ItemResult] = []
    review: list[str] = []
    for item in items:
        if item.id not in scorer.model.items:
            out.append(item)
            continue
        p = scorer.probability(item.id, vector)
        changed = _withheld(scorer, item, p, vector)
        if changed is None and not guarded:
            changed = _credited(scorer, item, p, sentences)
        if changed is not None:
            review.append(f"{item.id}: {changed.reason}")
        out.append(changed or item)
    return out, review


def _withheld(
    scorer: Scorer, item: ItemResult, p: float, vector: dict[int, float]
) -> ItemResult | None:
    if item.points <= 0 or item.status not in ("found", "partial") or p >= WITHHOLD_BELOW:
        return None
    alone = max((scorer.alone(item.id, e.text) for e in item.evidence), default=0.0)
    if alone >= SENTENCE_AGREES:
        return None  # the matched sentence, read alone, reads like an earned item
    against = _quoted(scorer.weighing(item.id, vector, -1))
    why = (
        f"withheld on a second opinion: answers worded like this one rarely earned this item "
        f"from human graders (p = {p:.2f}; weighing against: {against}); the rules had "
        f"credited it ({item.reason})"
    )
    return replace(item, points=0.0, status="missing", reason=why)


def _credited(
    scorer: Scorer, item: ItemResult, p: float, sentences: _Sentences
) -> ItemResult | None:
    if item.status != "missing" or item.points > 0 or p <= CREDIT_ABOVE:
        return None
    read = [(scorer.probability(item.id, v), c, v) for c, v in sentences.vectors]
    best = max(read, key=lambda r: r[0], default=None)
    if best is None or best[0] <= SENTENCE_AGREES:
        return None  # the credit must rest on a sentence of the student's own
    _, clause, vector = best
    for_it = _quoted(scorer.weighing(item.id, vector, 1))
    why = (
        f"credited on a second opinion: answers worded like this one earned this item from "
        f"human graders (p = {p:.2f}; weighing for: {for_it}), though no rubric wording was "
        "matched"
    )
    evidence = (Evidence(clause.text, clause.line, clause.source),)
    return replace(item, points=item.max_points, status="found", reason=why, evidence=evidence)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"“{w}”" for w in words) or "none"
