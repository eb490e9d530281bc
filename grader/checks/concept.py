"""Concept items: a rubric item is found when one of its patterns matches inside one clause.

A pattern is a list of concept groups; each group lists phrases that mean the same thing
here. All groups of a pattern must appear in the same clause. A match is *negated* when
its scope holds an odd number of negators, *hedged* when its clause only offers it as one
of several alternatives ("maybe … or maybe …"), and *fuzzy* when a word matched only by
the typo-tolerant comparison. An item stated and later retracted (the same phrases, now
negated) is contradicted. Clauses copied from the question never count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from grader.checks.normalise import normalise
from grader.checks.wording import Clause, Hit, find_group, negated, one_claim, tokens
from grader.results import Evidence, ItemResult
from grader.spec.models import ConceptItem, Misconception, Pattern

# Concept classes shared by every item: a group may name one as ``@shrink`` beside its own
# phrases. Hand-written from the course's vocabulary, not from graded answers; each entry
# must mean the class in any sentence of this exam.
LEXICON: dict[str, tuple[str, ...]] = {
    "shrink": (
        "vanish*", "disappear*", "fade*", "shrink*", "diminish*", "decay*", "dwindl*",
        "die out", "dies out", "die off", "dying", "tiny", "negligib*", "tend* to zero",
        "go* to zero", "approach* zero", "close to zero", "near zero", "almost zero",
        "practically zero", "basically zero", "effectively zero", "almost nothing",
        "basically nothing", "practically nothing", "-> 0", "to 0", "smaller and smaller",
        "get* smaller", "becom* small*", "weaken*", "attenuat*", "decreas*", "underflow*",
        "peter* out",
    ),
    "grow": (
        "explod*", "blow* up", "grow* without bound", "grow* exponentially", "huge",
        "enormous", "bigger and bigger", "overflow*", "diverg*", "skyrocket*",
    ),
    "gradient": (
        "gradient*", "grad", "grads", "derivative*", "error signal*", "learning signal*",
        "training signal*", "correction signal*", "signal", "update*", "sensitivit*",
        "jacobian*", "δ", "delta*",
    ),
    "below_one": (
        "less than 1", "less than one", "below 1", "below one", "smaller than 1",
        "smaller than one", "under 1", "under one", "< 1", "<1", "at most 0.25", "≤ 0.25",
        "<= 0.25", "fraction*", "between 0 and 1", "contract*",
    ),
    "above_one": (
        "larger than 1", "greater than 1", "bigger than 1", "above 1", "more than 1", "over 1",
        "exceed* 1", "> 1", ">1", "larger than one", "greater than one", "bigger than one",
        "above one",
    ),
    "erase": (
        "eras*", "delet*", "wip*", "reset*", "discard*", "clear*", "lost", "lose*", "gone",
        "throw* away", "throw* out", "drop*", "remov*", "purg*", "flush*", "zero* out",
        "cross* out", "forget* everything", "destroy*", "nothing is kept", "nothing remains",
    ),
    "keep": (
        "keep*", "kept", "retain*", "preserv*", "maintain*", "remember*", "unchanged",
        "intact", "untouched", "stay*", "survive*",
    ),
    "write": ("writ*", "add*", "insert*", "stor*", "admit*", "let in", "incorporat*", "put* in"),
    "expose": ("expos*", "output*", "reveal*", "show*", "emit*", "read*", "visibl*", "releas*"),
    "decide": (
        "control*", "decid*", "regulat*", "choos*", "select*", "determin*", "filter*",
        "manag*", "govern*", "modulat*",
    ),
    "slow": (
        "slow*", "crawl*", "forever", "ages", "long time", "too long", "very long",
        "many iteration*", "many step*", "many epoch*", "sluggish*", "stuck", "stall*",
    ),
    "overshoot": (
        "overshoot*", "oscillat*", "diverg*", "explod*", "jump* over", "jump* around",
        "jump* past", "bounce*", "unstable", "instabil*", "miss* the minimum", "blow* up",
        "zig*", "fly off", "flies off", "shoot* past", "past the minimum", "never settl*",
        "never converg*",
    ),
    "sequence": (
        "sequen*", "stream", "series", "time step*", "timestep*", "step by step",
        "one at a time", "one by one", "each step", "word by word", "token by token",
        "element by element", "one after the other", "one after another", "in order",
        "successive*", "consecutive*",
    ),
    "penalise": (
        "penal*", "punish*", "weigh*", "count* more", "cost* more", "emphas*", "hurt*",
        "magnif*", "amplif*", "matter* more", "dominat*", "disproportionat*",
    ),
    "convex": (
        "convex", "bowl", "quadratic", "paraboloid", "parabola", "u-shaped", "one valley",
        "single valley", "no local minim*", "no bad local", "no other minim*",
        "unique minim*", "single minim*", "only one minim*", "global minim*",
    ),
    "reuse": (
        "reus*", "cache*", "recycl*", "memoi*", "already computed", "without recomput*",
        "no recomput*", "hand* down", "pass* back", "pass* on",
    ),
    "fragile": (
        "numeric*", "unstable", "instabil*", "ill-condition*", "illcondition*",
        "ill condition*", "badly condition*", "poorly condition*", "round-off",
        "roundoff", "precision", "fragile", "singular", "condition number", "lose* digits",
        "floating point",
    ),
    "iterative": (
        "gradient descent", "sgd", "stochastic", "iterativ*", "iteration*", "mini-batch*",
        "minibatch*", "gd", "downhill step*", "small step*", "adam", "momentum", "online",
        "incremental*", "first-order", "conjugate gradient",
    ),
}  # fmt: skip

_FUNCTION_LIST = (
    "a an the is are was were be been being of to in on at by for with from as that this these "
    "those it its they them their there which who whom whose what when where why how and or but "
    "if then so because than into through over under about after before while can could will "
    "would should may might must do does did has have had not no too very also just only more most "
    "much such either neither both each any all some we you i he she one"
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


def _find(clause: Clause, group: Sequence[str], start: int = 0) -> Hit | None:
    return find_group(clause, expand(tuple(group)), start)


def match_pattern(
    pattern: Pattern, clause: Clause, *, ordered: bool = False, order: int = 0
) -> Match | None:
    """The pattern's groups all found in ``clause``. ``ordered``: in the pattern's order and
    within one claim, as a misconception must be stated."""
    if not ordered:
        found = [_find(clause, group) for group in pattern]
        hits = [h for h in found if h is not None]
        return _match(clause, hits, order) if len(hits) == len(found) else None
    first = _find(clause, pattern[0])
    while first is not None:
        ordered_hits = _ordered_from(pattern, clause, first)
        if ordered_hits and one_claim(clause, ordered_hits[0].span[0], ordered_hits[-1].span[0]):
            return _match(clause, ordered_hits, order)
        first = _find(clause, pattern[0], first.span[0] + 1)
    return None


def _match(clause: Clause, hits: list[Hit], order: int) -> Match:
    return Match(clause, negated(clause, [h.span for h in hits]), tuple(hits), order)


def _ordered_from(pattern: Pattern, clause: Clause, first: Hit) -> list[Hit] | None:
    hits = [first]
    for group in pattern[1:]:
        hit = _find(clause, group, hits[-1].span[1])
        if hit is None:
            return None
        hits.append(hit)
    return hits


def matches(
    patterns: Sequence[Pattern], clauses: Sequence[Clause], *, ordered: bool = False
) -> list[Match]:
    out = []
    for n, clause in enumerate(clauses):
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
    found = matches(patterns, clauses)
    affirmed = [m for m in found if not m.negated and not m.clause.hedged]
    affirmed.sort(key=lambda m: m.fuzzy)
    negative = [m for m in found if m.negated]
    positive = affirmed[0] if affirmed else None
    retracted = next(
        (n for n in negative if positive is not None and any(_retracts(n, p) for p in affirmed)),
        None,
    )
    hedged = next((m for m in found if not m.negated and m.clause.hedged), None)
    return Found(positive, negative[0] if negative else None, hedged, retracted)


def _retracts(negative: Match, positive: Match) -> bool:
    """The same phrases negated later, about the same subject (not "an ANN has no memory"
    after "an RNN keeps a memory")."""
    if negative.order <= positive.order or negative.key != positive.key:
        return False
    return _NAMES.findall(negative.clause.text) == [] or set(
        _NAMES.findall(negative.clause.text)
    ) <= set(_NAMES.findall(positive.clause.text))


def check_item(item: ConceptItem, clauses: Sequence[Clause]) -> ItemResult:
    wrong = contradiction(item, clauses)
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
    half_match = half and (half.positive or half.negative)  # "it should not be too large"
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
    hits = matches(patterns, clauses, ordered=True)
    return next((h for h in hits if not h.negated and not h.clause.hedged), None)


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
