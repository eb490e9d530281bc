"""Decide which blocks of a sheet answer which part.

By label first (``3.a`` answers 3.a). A part with ``identify`` (2.b.i–iv) is found by what
it differentiates, wherever it stands in its question: the block whose first relation
side is ∂L/∂w₂ answers 2.b.i, with the lines that continue it (``⇒ …``). Lines written
before any label in a question answer its part (a) when (a) is never labelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from grader.spec.models import Problem, WrittenPart
from grader.submission.sheet import Block, Sheet

Target = tuple[str, str]
TargetOf = Callable[[str], Target | None]  # block text → (numerator, denominator) or None


def route(problem: Problem, sheet: Sheet, target_of: TargetOf) -> dict[str, list[Block]]:
    """Blocks per written part id of ``problem``."""
    question = problem.id.removeprefix("Q")
    parts = [p for p in problem.parts if isinstance(p, WrittenPart)]
    claimed = _by_target(parts, sheet.under(question), target_of)
    taken = {id(b) for blocks in claimed.values() for b in blocks}
    out: dict[str, list[Block]] = {}
    for part in parts:
        if claimed.get(part.id):
            out[part.id] = claimed[part.id]
            continue
        labelled = [b for _, b in sheet.under(part.id) if id(b) not in taken]
        if not labelled and part.identify is None and part.id.endswith(".a"):
            labelled = [b for b in sheet.blocks.get(question, []) if id(b) not in taken]
        out[part.id] = labelled
    return out


def _by_target(
    parts: Sequence[WrittenPart], blocks: Sequence[tuple[str, Block]], target_of: TargetOf
) -> dict[str, list[Block]]:
    wanted = {target_of(p.identify): p.id for p in parts if p.identify}
    wanted.pop(None, None)
    if not wanted:
        return {}
    out: dict[str, list[Block]] = {}
    current: str | None = None
    current_key = ""
    for key, block in blocks:
        target = target_of(block.text)
        if target is not None and target in wanted:
            current, current_key = wanted[target], key
            out.setdefault(current, []).append(block)
        elif current is not None and key == current_key and target is None:
            out[current].append(block)  # a continuation line: "⇒ (a₂ − y)…"
        else:
            current = None
    return out
