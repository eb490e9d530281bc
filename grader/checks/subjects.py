"""Subjects of a written part (the three gates, the RNN and the LSTM, the three networks):
which one each claim is about.

A sentence is cut into one claim per subject named in turn; subjects listed together share
what follows; "it" or "the gate" refers to the subject of the sentence before, and a label
line ("- forget gate:") heads the line under it. Pure functions over clauses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import pairwise

from grader.checks.concept import all_hits, expand, find
from grader.checks.wording import Clause, stem, sub_clause, tokens
from grader.spec.models import Phrases

# a new subject opens a claim after one of these (articles skipped): "…, and the input gate"
_OPENERS = frozenset(
    {",", ";", ":", "and", "while", "whereas", "but", "whilst", "-", ".", ")", "/", "|"}
)
_ARTICLES = frozenset(
    {"the", "a", "an", "its", "their", "then", "first", "second", "third", "last", "one", "finally"}
)
# subjects named together share what follows: "the forget, input and output gates decide…"
_COORDINATION = frozenset({",", "and", "or", "/", "&", "+", "the", "gate", "gates", "a", "an"})
_LINKS = frozenset({",", "and", "or", "/", "&", "+"})


def split_subjects(
    clause: Clause, subjects: Sequence[Phrases], *, lists: bool = False
) -> list[Clause]:
    """One clause per subject named in turn: in "the forget gate decides what to add, and the
    input gate what to drop" each role stays with the gate it follows. Subjects listed
    together ("forget, input and output gates decide…") share what follows: such a clause is
    marked ``shared``, one claim about none of them alone. A subject named inside a phrase
    ("a kind of RNN") does not split. ``lists``: in a list-shaped part (one line per
    subject), three subjects run together in one stretch are word salad (``tangled``)."""
    mentions = sorted(
        (hit.span, k) for k, group in enumerate(subjects) for hit in all_hits(clause, group)
    )
    cuts: list[int] = []
    # a list names different subjects: "FF/ANN" is two names of one
    listed = {
        start
        for (start, _), k in mentions
        if _listed(clause, start, {end for (_, end), j in mentions if j != k}, subjects)
    }
    current, last_end = -1, 0
    for (start, end), k in mentions:
        if current >= 0 and k != current and start not in listed:
            cut = start
            while cut > last_end and clause.tokens[cut - 1] in _ARTICLES:
                cut -= 1
            if cut > last_end and clause.tokens[cut - 1] in _OPENERS:
                cuts.append(cut)
        current, last_end = k, max(last_end, end)
    bounds = [0, *cuts, len(clause.tokens)]
    pieces = [clause] if not cuts else [sub_clause(clause, a, b) for a, b in pairwise(bounds)]
    out = []
    for piece, (a, b) in zip(pieces, pairwise(bounds), strict=True):
        if any(a <= n < b for n in listed):
            piece = replace(piece, shared=True)
        elif lists and len({k for (start, _), k in mentions if a <= start < b}) >= 3:
            piece = replace(piece, tangled=True)  # "house LSTM for next-word RNN prediction…"
        out.append(piece)
    return out


def subjects_named(clause: Clause, subjects: Sequence[Phrases]) -> set[int]:
    """The indices of the subjects the clause names."""
    return {k for k, group in enumerate(subjects) if find(clause, group)}


def _listed(clause: Clause, start: int, ends: set[int], subjects: Sequence[Phrases]) -> bool:
    """The subject at ``start`` closes a list of subjects: "forget/input/output gates",
    "the input, forget and output gates", "an RNN or an LSTM". ``ends``: where the
    clause's mentions of other subjects end."""
    i, linked = start - 1, False
    while i >= 0:
        if linked and i + 1 in ends:
            return True  # another subject just before, joined by "," / "and" / "or"
        if clause.tokens[i] not in _COORDINATION:
            break
        linked = linked or clause.tokens[i] in _LINKS
        i -= 1
    names = _bare_names(tuple(tuple(g) for g in subjects))
    # not a name but a verb or a noun: "what to output and the output gate…", "reads the
    # input and the output gate outputs…" (a list of names closes on "gates")
    before = clause.tokens[i - 1] if i > 0 else ""
    plural = "gates" in clause.tokens[start : start + 3]
    noun = before == "to" or (before == "the" and not plural)
    return linked and i >= 0 and clause.tokens[i] in names and not noun


@cache
def _bare_names(subjects: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """A subject's first word alone, as lists name them: "forget" in "forget, input gates"."""
    return frozenset(tokens(expand(group)[0].replace("*", ""))[0] for group in subjects)


def resolve_references(clauses: Sequence[Clause], subjects: Sequence[Phrases]) -> list[Clause]:
    """ "It" or "the gate" early in a clause that names no subject refers to the one subject
    of the clause before: "The forget gate decides what to drop; if it outputs 0, the memory
    is erased" reads "if the forget gate outputs 0". A line that is only a subject's label
    ("- forget gate:") heads the line after it. The quoted text stays as written."""
    out: list[Clause] = []
    last: int | None = None
    label = ""  # the text of a label line waiting for its content
    for clause in clauses:
        named = subjects_named(clause, subjects)
        if named:
            last = next(iter(named)) if len(named) == 1 and not clause.shared else None
            label = clause.text if last is not None and _bare_label(clause, subjects[last]) else ""
            out.append(replace(clause, topic=-1 if last is None else last))
            continue
        at = _reference(clause)
        if last is None or not clause.tokens:
            out.append(clause)
            continue
        name = tokens(expand(tuple(subjects[last]))[0].replace("*", ""))
        text = clause.text
        written = None if label else (clause.tokens, clause.stems)  # a label line is explicit
        if at is None:  # the line under a label, or a sentence that goes on about the subject
            at, name = 0, (*name, clause.tokens[0])
            text = f"{label} {clause.text}" if label else text
        toks = (*clause.tokens[:at], *name, *clause.tokens[at + 1 :])
        stems = (*clause.stems[:at], *(stem(t) for t in name), *clause.stems[at + 1 :])
        out.append(
            replace(clause, text=text, tokens=toks, stems=stems, written=written, topic=last)
        )
        label = ""
    return out


def _bare_label(clause: Clause, group: Phrases) -> bool:
    """The clause is the subject and punctuation only, ending in a colon: "- forget gate:"."""
    hit = find(clause, group)
    if hit is None or clause.tokens[-1] != ":":
        return False
    rest = clause.tokens[: hit.span[0]] + clause.tokens[hit.span[1] :]
    return all(not t.isalpha() or t in _ARTICLES for t in rest)


def _reference(clause: Clause) -> int | None:
    """Position of "it" among the first words, or of "gate" in "the/this/that gate"."""
    toks = clause.tokens
    for i, tok in enumerate(toks[:4]):
        if tok == "it":
            return i
    for i in range(1, min(len(toks), 6)):
        if toks[i] == "gate" and toks[i - 1] in ("the", "this", "that"):
            return i
    return None
