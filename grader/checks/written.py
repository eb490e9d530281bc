"""Grade one written part: concept items, math items, misconceptions and guards together.

Pure: takes the part's spec and the blocks of the sheet that answer it, returns a
PartResult whose every item carries its points and its reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from grader.checks import guards, learned
from grader.checks.concept import (
    check_item,
    check_misconception,
    copied_from_question,
    question_words,
)
from grader.checks.mathitems import MathTable, check_equation_item, check_expression_item
from grader.checks.normalise import normalise
from grader.checks.subjects import resolve_references, split_subjects
from grader.checks.wording import NOTE_ARROW, Clause, clauses
from grader.results import Evidence, ItemResult, PartResult, scored
from grader.spec.models import ConceptItem, EquationItem, ExpressionItem, WrittenPart
from grader.submission.sheet import Block


def grade_written(
    part: WrittenPart,
    blocks: Sequence[Block],
    *,
    table: MathTable | None,
    title: str,
    second_opinion: bool = True,
) -> PartResult:
    """``second_opinion``: let the learned model (``learned.py``) overrule the rules where
    it is confident, for a part it was trained on."""
    answer = "\n".join(b.raw for b in blocks)
    if not any(b.text.strip() for b in blocks):
        missing = tuple(_missing(i.id, i.rubric, i.points) for i in part.items)
        return PartResult(part.id, title, 0.0, part.points, "not_answered", missing, answer)
    has_prose = part.misconceptions or any(isinstance(i, ConceptItem) for i in part.items)
    prose, review = _prose_clauses(part, blocks) if has_prose else ([], [])
    items: list[ItemResult] = []
    # in a list-shaped part, one task given to several subjects at once ("RNN and LSTM:
    # both for text") is a task for none of them: the question asks for one each
    claims = [c for c in prose if not c.shared] if part.short_answers else prose
    for item in part.items:
        if isinstance(item, ConceptItem):
            items.append(check_item(item, claims, topics=_topics(item, part)))
        elif isinstance(item, ExpressionItem):
            items.append(check_expression_item(item, blocks, table))
        elif isinstance(item, EquationItem):
            items.append(check_equation_item(item, blocks, table))
    own = [c for c in prose if not c.copied]
    guard = guards.inspect(own, answer, lists_allowed=part.short_answers)
    items = guards.apply(guard, items, {i.id for i in part.items if isinstance(i, ConceptItem)})
    review.extend(guard.review)
    items = _apply_misconceptions(part, prose, items)
    if second_opinion and has_prose:
        guarded = bool(guard.review) or any(c.tangled for c in prose)
        items, doubts = learned.second_opinion(part, answer, prose, items, guarded=guarded)
        review.extend(doubts)
    review.extend(_review_reasons(items))
    return scored(part.id, title, part.points, items, answer=answer, review=review)


def _topics(item: ConceptItem, part: WrittenPart) -> tuple[int, ...]:
    """The subject an item is about, as an index into the part's subjects (none: any)."""
    names = [group[0] for group in part.subjects]
    return (names.index(item.about),) if item.about is not None else ()


def _prose_clauses(part: WrittenPart, blocks: Sequence[Block]) -> tuple[list[Clause], list[str]]:
    stems = question_words(part.question)
    out: list[Clause] = []
    review: list[str] = []
    copied = 0
    for block in _unwrapped(blocks):
        text, flags = normalise(block.text)
        review.extend(f"unicode: {f}" for f in flags)
        heading = block.raw.lstrip().startswith("#")  # a template's question, restated
        for clause in clauses(text, line=block.line, source=block.source):
            if copied_from_question(clause, stems):
                copied += not heading
                clause = replace(clause, copied=True)  # "A simple RNN is better suited."
            out.extend(split_subjects(clause, part.subjects, lists=part.short_answers))
    if copied:
        review.append(
            f"{copied} sentence(s) copied from the question were not credited "
            "(a wrong claim in them still counts)"
        )
    if any(c.tangled for c in out):
        review.append(
            "a sentence runs the subjects together with no claim about any (word salad): "
            "it was not credited"
        )
    return resolve_references(out, part.subjects), review


# a line hard-wrapped mid-sentence: long, no closing punctuation, the next line goes on in
# lower case (Markdown reads a single line break inside a paragraph as a space)
_WRAP_WIDTH = 60
_CONTINUES = re.compile(r"[a-z(\"'“]")
_DASH = re.compile(r"\s[—–-]\s")  # "input gate — what to write": a definition, a note
_HYPHENATED = re.compile(r"[a-z]{2}-\s*$")  # a word split at the line's end
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DANGLES = re.compile(r"\b(of|the|a|an|to|and|or|by|with|from|into|than)\s*$")
_LIST_ITEM = re.compile(r"\s*([-*•+]|\d+[.)]|[a-z]{1,3}\s*[:=]|[a-z]_?\w*\s*[:=→])")


def _unwrapped(blocks: Sequence[Block]) -> list[Block]:
    """Lines of one wrapped sentence joined back into one block (the first line's number)."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if last is None:
            out.append(block)
        elif _HYPHENATED.search(last.text) and block.text[:1].islower():
            text = f"{last.text.rstrip()[:-1]}{block.text.strip()}"  # "itera-" / "tive meth."
            out[-1] = replace(last, raw=f"{last.raw}\n{block.raw}", text=text)
        elif _wraps(last.text, block.text):
            text = f"{last.text.rstrip()} {block.text.strip()}"
            out[-1] = replace(last, raw=f"{last.raw}\n{block.raw}", text=text)
        else:
            out.append(block)
    return out


def _wraps(line: str, after: str) -> bool:
    """Notes are never joined: list items, lines with arrows, "label: …" lines; only the
    sentence the break falls in counts ("… the output / gate filters …. f = 0 → …" is a
    wrap). A line ending on "of", "the", "to"… always goes on in the next."""
    end = line.rstrip()
    last = end.splitlines()[-1] if end else ""
    if not _CONTINUES.match(after.lstrip()) or _LIST_ITEM.match(after):
        return False
    if _DANGLES.search(last):
        return True  # "o: how much of / tanh(c_t) is exposed as h_t"
    tail, head = _SENTENCE_END.split(end)[-1], _SENTENCE_END.split(after, maxsplit=1)[0]
    return (
        len(last) >= _WRAP_WIDTH
        and end[-1:] not in ".!?:;]~"  # "[illegible]", "~~struck~~": a gap, not a wrap
        and not any(
            _LIST_ITEM.match(x) or NOTE_ARROW.search(x) or _DASH.search(x) for x in (tail, head)
        )
        and ":" not in after[:25]
    )


def _apply_misconceptions(
    part: WrittenPart, prose: Sequence[Clause], items: list[ItemResult]
) -> list[ItemResult]:
    for m in part.misconceptions:
        hit = check_misconception(m, prose)
        if hit is None:
            continue
        evidence = (Evidence(hit.clause.text, hit.clause.line, hit.clause.source),)
        if m.voids is not None:
            items = [_void(i, m.rubric, evidence) if i.id == m.voids else i for i in items]
        else:
            items.append(
                ItemResult(
                    m.id,
                    m.rubric,
                    -m.deduct,
                    0.0,
                    "deducted",
                    f"misconception (−{m.deduct:g}): {m.rubric}",
                    evidence,
                )
            )
    return items


def _void(item: ItemResult, rubric: str, evidence: tuple[Evidence, ...]) -> ItemResult:
    return ItemResult(
        item.id,
        item.rubric,
        0.0,
        item.max_points,
        "voided",
        f"no credit for this item: the answer states a misconception — {rubric}",
        evidence + item.evidence,
    )


def _review_reasons(items: Sequence[ItemResult]) -> list[str]:
    reasons = []
    for i in items:
        if i.status == "partial":
            reasons.append(f"partial credit on {i.id}: check the judgement")
        elif i.status in ("contradicted", "invalid", "voided", "deducted"):
            reasons.append(f"{i.id}: {i.reason}")
        elif i.detail.startswith("review:"):
            reasons.append(f"{i.id}: {i.detail.removeprefix('review:').strip()}")
    return reasons


def _missing(item_id: str, rubric: str, points: float) -> ItemResult:
    return ItemResult(item_id, rubric, 0.0, points, "missing", "no answer was found for this part")
