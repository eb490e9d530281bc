"""Guards against answers written to game the grader rather than to answer.

A guard never silently zeroes an answer: it withholds the credit it must and says why,
and the part goes to a human for review. Guards: instructions aimed at the grader
(they earn nothing; genuine content beside them still counts), keyword lists, word salad
(shuffled words: no punctuation, articles before function words, long runs of content
words), and hedging (several alternatives offered instead of a claim).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from grader.checks.concept import function_word_ratio, is_function_word
from grader.checks.fluency import fluency
from grader.checks.wording import NOTE_ARROW, Clause
from grader.results import ItemResult

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(rubric|instructions?|prompt|rules|marking|grading|above)"
    r"|\b(award|give|grant|assign|mark)\b.{0,30}\b((full|maximum|max|perfect|all)\s+(the\s+)?"
    r"(marks?|points?|credit|score)|\d+\s*/\s*\d+)"
    r"|\b(grader|ta|marker|examiner|assistant|ai|model|system)\s*[:,\]]\s*.{0,60}\b\d+\s*/\s*\d+"
    r"|\bfull (marks|points|credit)\b|\bscore\s*[:=]?\s*\d+\s*/\s*\d+"
    r"|\[\s*system\s*\]|\bsystem (note|prompt|message)\b|\brubric\b.{0,30}\bchanged\b"
    r"|\ball (correct|right)\b.{0,10}(->|→|=>|=|:)\s*\d+\s*/\s*\d+",
    re.IGNORECASE | re.DOTALL,
)
# fluency thresholds (table from bench/train_fluency.py), measured in session 3 on that
# session's tune split, its genuine answers and one shuffle of each: below -0.10, 4 of 1,408
# genuine and 865 of 1,109 shuffles; below -0.25, 1 genuine (a telegraphic note at -0.29)
SALAD_BELOW = -0.10  # zeroes only with structural evidence of shuffling
SALAD_ALONE = -0.25  # zeroes on its own
REVIEW_BELOW = -0.05
# salad strung from the rubric's words has few function words left to shuffle: most of its
# words sit in runs of five or more content words. Measured in session 5 on the tune split
# (3,068 genuine answers): with fluency below 0.2, none reaches a share of 0.5 (one single
# genuine sentence does: "squared error penalises big errors more …", 0.5), so the bar is
# 0.65; the rubric-word salad of round 15 (2.c-cc10) reaches 0.83. With fluency below 0.05,
# no genuine answer reaches 0.5 either (round 16's 1.c-ff10: 0.59 at fluency 0.00)
RUNS_BELOW = 0.2
RUNS_SHARE = 0.65
RUNS_BELOW_LOW = 0.05
RUNS_SHARE_LOW = 0.5
_KEYWORD = re.compile(r"[A-Za-z][A-Za-z'-]*\.?")
_WORDS = re.compile(r"\b[A-Za-z]{2,}\b")
_NUMBER = re.compile(r"[(\[]?\d+(\.\d+)?[)\]]?")
# separators of a list; "·" reads as " * " once normalised, so between two words it is one
_SEGMENT = re.compile(r"[,;\n✓✔]|\s[-–—/|]\s|•|(?<=[a-z]{2})\s+\*\s+(?=[a-z]{2})")
_COMMAS = re.compile(r"[,;\n]")  # entries of a list-shaped answer
_EMPHASIS = frozenset({"very", "really", "much", "many", "so", "far", "more", "long"})
# articles only: "this is", "those are" are demonstratives used as pronouns
_DETERMINERS = frozenset({"the", "a", "an"})
_ADJECTIVAL = frozenset({"same", "more", "most", "much", "each", "one", "all", "only", "other"})
# a preposition straight before a conjunction or a verb "to be": "RNN of or struggle"
_PREPOSITIONS = frozenset({"of", "in", "on", "at", "by", "for", "with", "from", "through", "into"})
_JOINERS = frozenset({"and", "or", "but", "because", "is", "are", "was", "were"})
# a last word that cannot end a sentence; prepositions can ("nothing left to learn from")
_DANGLING = frozenset({"the", "a", "an", "and", "or", "because", "than"})


@dataclass(frozen=True)
class GuardReport:
    injection: bool = False
    keyword_list: bool = False
    word_salad: bool = False
    hedging: bool = False
    review: tuple[str, ...] = ()

    @property
    def withholds_all(self) -> bool:
        return self.keyword_list or self.word_salad


def inspect(prose: Sequence[Clause], raw: str, *, lists_allowed: bool = False) -> GuardReport:
    injection = bool(_INJECTION.search(raw))
    # a note to the grader is a sentence: it neither makes a keyword list read as prose nor
    # counts as genuine content (it earns nothing anyway)
    lines = {c.line for c in prose if _INJECTION.search(c.text)}  # the note's whole line
    prose = [c for c in prose if c.line not in lines] or list(prose)
    keywords = single_words(prose) if lists_allowed else keyword_list(prose)
    # beside a note to the grader, bare fragments are read as the keywords they look like
    keywords = keywords or (injection and not lists_allowed and _fragments(prose))
    flow = None if lists_allowed else fluency("\n".join(c.text for c in prose))
    # content-word runs count only where the word order already reads oddly, or in
    # list-shaped parts (whose genuine answers are punctuated lists, never long runs)
    runs_count = lists_allowed or (flow is not None and flow < 0.0)
    # the lower the fluency, the less structural evidence of shuffling is needed; fluency
    # alone zeroes only far below any genuine answer (terse notes score low too)
    score = flow if flow is not None else 1.0
    words = [t for c in prose for t in c.tokens if t.isalnum()]
    # reads oddly, so less shuffling suffices: low fluency, stutters, or an article before a
    # preposition ("early the on parameters"), which English never writes
    odd = score < REVIEW_BELOW or _stutters(words) >= 2 or _article_before_preposition(words)
    salad = not keywords and (
        word_salad(prose, runs_count=runs_count, share=0.25 if odd else 0.5)
        or (score < SALAD_BELOW and word_salad(prose, runs_count=False, share=0.1))
        or score < SALAD_ALONE
        or _strung_from_keywords(prose, score)
    )
    odd_order = not salad and flow is not None and flow < REVIEW_BELOW
    hedging = any(c.hedged for c in prose)
    review = [
        why
        for flag, why in (
            (
                injection,
                "the answer contains instructions aimed at the grader: they earn nothing; "
                "only genuine content is credited",
            ),
            (
                keywords,
                "the answer is a list of keywords, not sentences: no credit for prose items",
            ),
            (salad, "the answer reads as shuffled words (word salad): no credit for prose items"),
            (hedging, "the answer hedges between alternatives: hedged claims earn nothing"),
            (
                odd_order,
                f"the word order reads unlike sentences (fluency {flow or 0:.2f}): check it",
            ),
        )
        if flag
    ]
    return GuardReport(injection, keywords, salad, hedging, tuple(review))


def keyword_list(prose: Sequence[Clause]) -> bool:
    """Eight words or more with hardly a function word among them, or four or more short
    fragments without function words and almost no sentence.
    Fragments with no word at all ("x_t", "(0", "1)") count neither way; numbers beside a
    fragment's words leave it bare ("sigmoid (0", "forget gate 0 erase"), while an
    operator or a symbol ("f = 0", "→ h_t") makes it a note."""
    toks = [t for c in prose for t in c.tokens]
    # notes carry relations: "p×p ~ p^3", "y = f(x)"; a list has none ("O(np²) QR SGD")
    plain = all(t.isalnum() or t in ",.()[]/" for t in toks)
    ratio = function_word_ratio(prose)
    if plain and len(toks) >= 8 and (ratio < 0.05 or (len(toks) >= 12 and ratio < 0.08)):
        return True  # "gates forget input output control kept written read cell state"
    segments = [
        s.split()
        for c in prose
        for s in _SEGMENT.split(c.text)
        if any(_KEYWORD.fullmatch(w) for w in s.split())
    ]
    if len(segments) < 4:
        return False
    bare = [
        s
        for s in segments
        if len(s) <= 4
        and all(_KEYWORD.fullmatch(w) or _NUMBER.fullmatch(w) for w in s)
        and not any(is_function_word(w.lower()) for w in s)
    ]
    # a relation drawn between fragments ("outpt gate -> ctrl what is read") is a note
    needed = 0.9 if any(NOTE_ARROW.search(c.text) for c in prose) else 0.75
    return len(bare) / len(segments) >= needed and function_word_ratio(prose) < 0.12


def _fragments(prose: Sequence[Clause]) -> bool:
    """Comma-separated phrases of a few words each, with hardly a function word: "product
    of factors < 1, exponential, additive cell state" (not a sentence beside a formula)."""
    segments = [s for c in prose for s in _SEGMENT.split(c.text) if s.split()]
    longest = max((len(_WORDS.findall(s)) for s in segments), default=0)
    return len(segments) >= 3 and longest <= 5 and function_word_ratio(prose) < 0.15


def single_words(prose: Sequence[Clause]) -> bool:
    """In a list-shaped part, six or more comma-separated entries, nearly all single words:
    "feedforward, RNN, LSTM, application, sequence, long" pairs nothing with anything (a
    genuine list pairs each model with its use: "RNN - short text, LSTM - long documents")."""
    segments = [s.split() for c in prose for s in _COMMAS.split(c.text) if s.split()]
    single = [s for s in segments if len(s) == 1 and _KEYWORD.fullmatch(s[0])]
    return len(segments) >= 6 and len(single) >= 0.8 * len(segments)


def word_salad(prose: Sequence[Clause], *, runs_count: bool, share: float = 0.5) -> bool:
    """Most words sit in long stretches (between punctuation) that break English word
    order: an article before a function word, a dangling last word, or (when
    ``runs_count``) a run of five content words, which alone also fits a plain sentence,
    so it needs support."""
    words = [t for c in prose for t in c.tokens if t.isalpha()]
    salad = [
        t
        for c in prose
        for seg, last in _stretches(c)
        if _shuffled(seg, runs_count, ends_clause=last)
        for t in seg
    ]
    return bool(words) and len([t for t in salad if t.isalpha()]) >= share * len(words)


def _strung_from_keywords(prose: Sequence[Clause], score: float) -> bool:
    """Most words in long runs of content words, at a fluency that is low already."""
    if score >= RUNS_BELOW:
        return False
    share = run_share(prose)
    return share >= RUNS_SHARE or (score < RUNS_BELOW_LOW and share >= RUNS_SHARE_LOW)


def run_share(prose: Sequence[Clause]) -> float:
    """The share of the words that stand in runs of five or more content words."""
    words = sum(t.isalpha() for c in prose for t in c.tokens)
    in_runs = 0
    for clause in prose:
        for seg, _ in _stretches(clause):
            run = 0
            for w in (*seg, "the"):  # a function word closes the last run
                if is_function_word(w) or not w.isalpha():
                    in_runs += run if run >= 5 else 0
                    run = 0
                else:
                    run += 1
    return in_runs / words if words else 0.0


def _stretches(clause: Clause) -> list[tuple[list[str], bool]]:
    """The clause's runs of words between punctuation and symbols (a spaced dash too), each
    with whether it ends the clause (only there is a last "from" or "the" dangling)."""
    out: list[list[str]] = [[]]
    for tok in clause.tokens:
        if tok.isalnum():
            out[-1].append(tok)
        elif out[-1]:
            out.append([])
    segs = [seg for seg in out if seg]
    return [(seg, n == len(segs) - 1) for n, seg in enumerate(segs)]


def _shuffled(words: Sequence[str], runs_count: bool, *, ends_clause: bool = True) -> bool:
    if len(words) < 6:
        return False
    bad = sum(
        a in _DETERMINERS and is_function_word(b) and b not in _ADJECTIVAL
        for a, b in itertools.pairwise(words)
    )
    bad += ends_clause and words[-1] in _DANGLING
    bad += sum(a in _PREPOSITIONS and b in _JOINERS for a, b in itertools.pairwise(words))
    bad += _stutters(words)
    return bad >= 1 or (runs_count and _longest_content_run(words) >= 5)


def _article_before_preposition(words: Sequence[str]) -> bool:
    return any(a in _DETERMINERS and b in _PREPOSITIONS for a, b in itertools.pairwise(words))


def _stutters(words: Sequence[str]) -> int:
    """A word twice in a row ("the the", "costs costs"), as shuffling leaves; emphasis
    ("very very small") and numbers aside."""
    return sum(
        a == b and a not in _EMPHASIS and not a.isdigit() for a, b in itertools.pairwise(words)
    )


def _longest_content_run(words: Sequence[str]) -> int:
    best = run = 0
    for w in words:
        run = 0 if is_function_word(w) or not w.isalpha() else run + 1
        best = max(best, run)
    return best


def apply(report: GuardReport, items: list[ItemResult], prose_ids: set[str]) -> list[ItemResult]:
    """Withhold prose credit when a guard fired (math items keep their own verdicts); an
    item earned only by a sentence that addresses the grader is withheld too."""
    if report.withholds_all:
        why = "withheld: a keyword list" if report.keyword_list else "withheld: word salad"
        return [_withhold(i, why) if i.points > 0 and i.id in prose_ids else i for i in items]
    if not report.injection:
        return items
    return [
        _withhold(i, "withheld: earned only by an instruction to the grader")
        if i.points > 0
        and i.id in prose_ids
        and i.evidence
        and all(_INJECTION.search(e.text) for e in i.evidence)
        else i
        for i in items
    ]


def _withhold(item: ItemResult, why: str) -> ItemResult:
    return replace(item, points=0.0, status="missing", reason=f"{why} ({item.reason})")
