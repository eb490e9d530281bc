"""Concept items: a rubric item is found when one of its patterns matches inside one clause.

A pattern is a list of concept groups; each group lists phrases that mean the same thing
here. All groups of a pattern must appear in the same clause. A match is *negated* when
its scope holds an odd number of negators, *hedged* when its clause only offers it as one
of several alternatives ("maybe … or maybe …"), and *fuzzy* when a word matched only by
the typo-tolerant comparison. An item stated and later retracted (the same phrases, now
negated) is contradicted. Clauses copied from the question never count.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise

from grader.checks.normalise import normalise
from grader.checks.wording import (
    CLAIM_BREAKS,
    NEGATORS,
    Clause,
    Hit,
    find_group,
    is_negator,
    negated,
    one_claim,
    tokens,
)
from grader.results import Evidence, ItemResult
from grader.spec.lexicon import LEXICON
from grader.spec.models import ConceptItem, Misconception, Pattern

_FUNCTION_LIST = (
    "a an the is are was were be been being of to in on at by for with from as that this these "
    "those it its they them their there which who whom whose what when where why how and or but "
    "if then so because than into through over under about after before while can could will "
    "would should may might must do does did has have had not no too very also just only more most "
    "much such either neither both each any all some we you i he she one across between within "
    "without along among behind beyond toward towards upon via onto"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_LIST.split())
_NOTATION = frozenset({"alpha", "beta", "eta", "theta", "sigma"})  # symbols, not content words
_NAMES = re.compile(r"\b[A-Z]{2,}(?=s?\b)")  # RNN, ANN, LSTM: who a claim is about


@dataclass(frozen=True)
class Match:
    clause: Clause
    negated: bool
    hits: tuple[Hit, ...] = ()
    order: int = 0  # index of the clause in the answer

    @property
    def fuzzy(self) -> bool:
        return any(h.fuzzy for h in self.hits)

    @property
    def hedged(self) -> bool:
        """Offered as one alternative among several, in the claim that holds the match."""
        if not self.hits:
            return self.clause.hedged
        return self.clause.hedged_at(min(h.span[0] for h in self.hits))

    @property
    def key(self) -> tuple[str, ...]:
        """What was matched, by stem: a retraction repeats it negated."""
        return tuple(" ".join(self.clause.stems[s:e]) for h in self.hits for s, e in [h.span])


@cache
def expand(group: tuple[str, ...]) -> tuple[str, ...]:
    """The group's phrases with each ``@class`` replaced by the class's phrases."""
    out: list[str] = []
    for phrase in group:
        out.extend(LEXICON[phrase[1:]] if phrase.startswith("@") else (phrase,))
    return tuple(dict.fromkeys(out))


def find(clause: Clause, group: Sequence[str], start: int = 0) -> Hit | None:
    return _find_expanded(clause, expand(tuple(group)), start)


@lru_cache(maxsize=65536)
def _find_expanded(clause: Clause, group: tuple[str, ...], start: int) -> Hit | None:
    """Memoised: one answer asks for the same group in the same clause many times (each
    item's patterns, its contradictions, the subjects), and a gate's group holds hundreds
    of phrases ("forget valve", "first controller", …)."""
    return find_group(clause, group, start)


def match_pattern(
    pattern: Pattern, clause: Clause, *, ordered: bool = False, order: int = 0
) -> Match | None:
    """The pattern's groups all found in ``clause``. ``ordered``: in the pattern's order and
    within one claim, as a misconception must be stated."""
    if not ordered:
        found = [find(clause, group) for group in pattern]
        hits = [h for h in found if h is not None]
        if len(hits) < len(found):
            return None
        if _overlap(hits):  # one word cannot stand for two groups ("becomes too small")
            hits = _distinct(pattern, clause) or []
            if not hits:
                return None
        match = _match(clause, hits, order)
        return _unnegated(pattern, clause, order) or match if match.negated else match
    first = find(clause, pattern[0])
    while first is not None:
        ordered_hits = _ordered_from(pattern, clause, first)
        if ordered_hits and one_claim(clause, ordered_hits[0].span[0], ordered_hits[-1].span[0]):
            return _match(clause, ordered_hits, order)
        first = find(clause, pattern[0], first.span[0] + 1)
    return None


def _overlap(hits: Sequence[Hit]) -> bool:
    spans = sorted(h.span for h in hits)
    return any(a[1] > b[0] for a, b in pairwise(spans))


def _readings(pattern: Pattern, clause: Clause) -> Iterator[list[Hit]]:
    """Ways to find every group of the pattern in the clause, no word used twice (bounded)."""
    options = [all_hits(clause, group)[:4] for group in pattern]
    for combo in itertools.islice(itertools.product(*options), 64):
        if not _overlap(combo):
            yield list(combo)


def _distinct(pattern: Pattern, clause: Clause) -> list[Hit] | None:
    return next(_readings(pattern, clause), None)


def _unnegated(pattern: Pattern, clause: Clause, order: int) -> Match | None:
    """Another reading of the clause where no negator governs the matched words: in "a
    plain RNN is not good at this, an LSTM is better" the LSTM is *better*, not "not good"."""
    for combo in _readings(pattern, clause):
        first = min(h.span[0] for h in combo)
        last = max(h.span[1] for h in combo)
        # the whole claim holding the words, from its opening break on, has no negator
        opening = max((i for i in range(first) if clause.tokens[i] in CLAIM_BREAKS), default=-1)
        inside = {i for h in combo for i in range(*h.span)}  # "don't cancel" holds its "not"
        end = min(len(clause.tokens), last + 3)
        window = [i for i in range(opening + 1, end) if i not in inside]
        if one_claim(clause, first, last) and not any(is_negator(clause.tokens, i) for i in window):
            return _match(clause, combo, order)
    return None


def _match(clause: Clause, hits: list[Hit], order: int) -> Match:
    return Match(clause, negated(clause, [h.span for h in hits]), tuple(hits), order)


# a claim's parts stand close together: in "cubic in the features and only linear in the
# data points" the samples are not what is cubic
MAX_GAP = 8


def _ordered_from(pattern: Pattern, clause: Clause, first: Hit) -> list[Hit] | None:
    hits = [first]
    for group in pattern[1:]:
        hit = find(clause, group, hits[-1].span[1])
        if hit is None or hit.span[0] - hits[-1].span[1] > MAX_GAP:
            return None
        hits.append(hit)
    return hits


def matches(
    patterns: Sequence[Pattern], clauses: Sequence[Clause], *, ordered: bool = False
) -> list[Match]:
    out = []
    for n, clause in enumerate(clauses):
        if clause.tangled:
            continue
        for pattern in patterns:
            hit = match_pattern(pattern, clause, ordered=ordered, order=n)
            if hit is not None:
                out.append(hit)
    return out


@dataclass(frozen=True)
class Found:
    positive: Match | None  # affirmed, not hedged (an exact match preferred to a fuzzy one)
    negative: Match | None  # negated
    hedged: Match | None  # affirmed only among alternatives
    retracted: Match | None  # negated after being affirmed: a contradiction


def search(patterns: Sequence[Pattern], clauses: Sequence[Clause]) -> Found:
    own = [c for c in clauses if not c.copied]
    found = matches(patterns, own)
    affirmed = [m for m in found if not m.negated and not m.hedged]
    if not affirmed:  # "The cell state is the memory; it passes from step to step"
        affirmed = [m for m in _continued(patterns, own) if not m.negated and not m.hedged]
    affirmed.sort(key=lambda m: m.fuzzy)
    negative = [m for m in found if m.negated]
    positive = affirmed[0] if affirmed else None
    retracted = next(
        (n for n in negative if positive is not None and any(_retracts(n, p) for p in affirmed)),
        None,
    )
    hedged = next((m for m in found if not m.negated and m.hedged), None)
    return Found(positive, negative[0] if negative else None, hedged, retracted)


def _continued(patterns: Sequence[Pattern], clauses: Sequence[Clause]) -> list[Match]:
    """Credit only: a pattern whose groups are split between a sentence and the next one,
    which has "it" among its first words ("between steps it is only scaled") and so goes on
    about the same thing ("this" and "which" may point to a whole claim, "they" to subjects
    listed together)."""
    out = []
    for n, (before, after) in enumerate(pairwise(clauses), 1):
        if "it" not in after.tokens[:3] or before.tangled:
            continue
        joined = replace(
            after,
            text=f"{before.text} {after.text}",
            tokens=(*before.tokens, ";", *after.tokens),
            stems=(*before.stems, ";", *after.stems),
            written=None,
        )
        cut = len(before.tokens)
        for pattern in patterns:
            hit = match_pattern(pattern, joined, order=n)
            spans = [h.span[0] for h in hit.hits] if hit is not None else []
            if hit is not None and min(spans) < cut < max(spans):
                out.append(hit)
    return out


def _retracts(negative: Match, positive: Match) -> bool:
    """The same phrases negated later, about the same subject (not "an ANN has no memory"
    after "an RNN keeps a memory"); or any denial after "actually no", "scratch that"."""
    if negative.order <= positive.order:
        return False
    explicit = bool(_RETRACTION.search(negative.clause.text))
    if negative.key != positive.key and not explicit:
        return False
    if not any(t in NEGATORS - {"without"} or t.endswith("n't") for t in negative.clause.tokens):
        return False  # "without holding it all in memory" takes nothing back
    if min(negative.clause.topic, positive.clause.topic) >= 0:
        return negative.clause.topic == positive.clause.topic  # about the LSTM, not the RNN
    return (
        explicit
        or _NAMES.findall(negative.clause.text) == []
        or set(_NAMES.findall(negative.clause.text)) <= set(_NAMES.findall(positive.clause.text))
    )


_RETRACTION = re.compile(
    r"\b(actually,? no|no,? wait|scratch that|i take (that|it) back|correction:|sorry,? i mean)",
    re.IGNORECASE,
)


def check_item(
    item: ConceptItem, clauses: Sequence[Clause], *, topics: Sequence[int] = ()
) -> ItemResult:
    """``topics``: when given, the item is earned only from clauses about one of them (or
    about no subject in particular); a contradiction counts wherever it is said."""
    wrong = contradiction(item, clauses)
    if topics:
        clauses = [c for c in clauses if c.topic in (-1, *topics)]
    if wrong is not None:
        return _result(
            item,
            0.0,
            "contradicted",
            "contradiction: the answer states the opposite of this item",
            _evidence([wrong]),
        )
    if item.require_all:
        each = [search([p], clauses) for p in item.patterns]
        if all(f.positive for f in each):
            return _found(item, [f.positive for f in each if f.positive])
        retracted = next((f.retracted for f in each if f.retracted), None)
        found = Found(
            None,
            next((f.negative for f in each if f.negative), None),
            next((f.hedged for f in each if f.hedged), None),
            retracted,
        )
    else:
        found = search(item.patterns, clauses)
    if found.retracted is not None:
        return _result(
            item,
            0.0,
            "contradicted",
            "contradiction: the answer states this and later its opposite",
            _evidence([found.retracted]),
        )
    if found.positive is not None:
        return _found(item, [found.positive])
    return _not_found(item, clauses, found)


def _not_found(item: ConceptItem, clauses: Sequence[Clause], found: Found) -> ItemResult:
    half = search(item.half_patterns, clauses) if item.half_patterns else None
    # affirmed only: "too large does not overshoot" goes nowhere ("it should not be too
    # large" is matched by a phrase that holds its own "not")
    half_match = half and half.positive
    if half_match:
        return _result(
            item,
            item.points / 2,
            "partial",
            f"half credit: the answer goes part of the way ({item.rubric})",
            _evidence([half_match]),
        )
    if found.negative is not None:
        return _result(
            item,
            0.0,
            "contradicted",
            "the answer states the opposite (a negated form of this item)",
            _evidence([found.negative]),
        )
    if found.hedged is not None:
        return _result(
            item,
            0.0,
            "missing",
            "hedged: the answer offers this only as one of several alternatives",
            _evidence([found.hedged]),
        )
    return _result(item, 0.0, "missing", item.missing or "not found in the answer", ())


def _found(item: ConceptItem, hits: Sequence[Match]) -> ItemResult:
    found = "found in the answer (see the sentence quoted)"
    result = _result(item, item.points, "found", found, _evidence(hits))
    if any(m.fuzzy for m in hits):
        words = ", ".join(dict.fromkeys(m.clause.text for m in hits if m.fuzzy))
        return ItemResult(
            result.id,
            result.rubric,
            result.points,
            result.max_points,
            "found",
            "found by a typo-tolerant match (see the sentence quoted)",
            result.evidence,
            detail=f"review: typo-tolerant match in “{words}”",
        )
    return result


def check_misconception(m: Misconception, clauses: Sequence[Clause]) -> Match | None:
    """The first affirmed, unhedged statement of the misconception."""
    return _stated(m.patterns, clauses)


def contradiction(item: ConceptItem, clauses: Sequence[Clause]) -> Match | None:
    """The first affirmed, unhedged claim that contradicts the item (a role or polarity
    swap such as "the input gate discards old memory")."""
    return _stated(item.contradicts, clauses) if item.contradicts else None


def _stated(patterns: Sequence[Pattern], clauses: Sequence[Clause]) -> Match | None:
    """Clauses naming several subjects together are not one claim about any of them."""
    stated = [_own(c) for c in clauses if not c.shared]
    hits = matches(patterns, stated, ordered=True)
    return next((h for h in hits if not h.negated and not h.hedged), None)


def all_hits(clause: Clause, group: Sequence[str]) -> list[Hit]:
    hits, pos = [], 0
    while (hit := find(clause, group, pos)) is not None:
        hits.append(hit)
        pos = hit.span[1]
    return hits


def _own(clause: Clause) -> Clause:
    """The clause as written, without a subject carried over from the sentence before ("it"
    read as "the forget gate"): a wrong claim is judged on what the student wrote in it."""
    if clause.written is None:
        return clause
    toks, stems = clause.written
    return replace(clause, tokens=toks, stems=stems, written=None)


def copied_from_question(clause: Clause, question_words: frozenset[str]) -> bool:
    """Most of the clause's content words are the question's own words, as written (word
    forms count: "the LSTM forgets" answers "when the forget gate outputs 0")."""
    content = [
        t
        for t in clause.tokens
        if t.isalpha() and len(t) > 1 and t not in _FUNCTION_WORDS and t not in _NOTATION
    ]
    if len(content) < 4:  # short clauses reuse question words by necessity, unless they
        own = {t for t in clause.tokens if t.isalpha()}
        return len(own) >= 4 and len(own & question_words) >= 0.9 * len(question_words)
    return sum(t in question_words for t in content) / len(content) >= 0.8


def question_words(question: str) -> frozenset[str]:
    """The question's words as written (lower case), for copy detection."""
    text, _ = normalise(question)
    return frozenset(t for t in tokens(text) if t.isalpha())


def is_function_word(token: str) -> bool:
    return token in _FUNCTION_WORDS


def function_word_ratio(clauses: Sequence[Clause]) -> float:
    words = [t for c in clauses for t in c.tokens if t.isalpha()]
    return sum(t in _FUNCTION_WORDS for t in words) / len(words) if words else 0.0


def _evidence(matches_: Sequence[Match]) -> tuple[Evidence, ...]:
    return tuple(Evidence(m.clause.text, m.clause.line, m.clause.source) for m in matches_)


def _result(
    item: ConceptItem, points: float, status: str, reason: str, evidence: tuple[Evidence, ...]
) -> ItemResult:
    return ItemResult(item.id, item.rubric, points, item.points, status, reason, evidence)  # type: ignore[arg-type]
