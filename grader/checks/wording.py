"""Wording: split normalised prose into clauses and match rubric phrases in them.

A phrase matches by stem ("penalises" ~ "penalize"), by prefix (``vanish*``) or, for
words of five letters or more, by a typo-tolerant comparison ("gradeint"); a match that
needed the typo path says so, for review. Unicode tricks are undone before matching
(look-alike letters inside Latin words, zero-width characters) and reported, so they
neither gain nor lose credit. Struck-out ``~~spans~~`` are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer
from rapidfuzz.distance import OSA

from grader.checks.normalise import normalise

_STEMMER = snowballstemmer.stemmer("english")

_IRREGULAR = (
    "shrank:shrink shrunk:shrink kept:keep lost:lose wrote:write written:write grew:grow "
    "grown:grow blew:blow blown:blow threw:throw thrown:throw chose:choose chosen:choose "
    "went:go gone:go ran:run held:hold fed:feed took:take taken:take gave:give given:give "
    "made:make fell:fall fallen:fall led:lead got:get gotten:get overshot:overshoot "
    "spoke:speak drove:drive driven:drive"
)
_LEMMAS = dict(pair.split(":") for pair in _IRREGULAR.split(" "))
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|er|ers|ation|ations)$")  # minimise ~ minimize
_VOWELS = frozenset("aeiou")
_SUFFIXES = frozenset(
    {"", "s", "d", "ed", "es", "ng", "ing", "y", "r", "er", "rs", "n", "t", "ts", "ly", "l", "tn"}
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|<-|->|<=|>=|[^\sa-z0-9]")
# an arrow drawn between fragments: note-taking ("ANN -> no memory"), not a sentence
NOTE_ARROW = re.compile(r"->|→|⇒|=>")
_BRACKETED = re.compile(r"\[[^\[\]\n]*\]|\([^()\n]*\)")
# a sentence ends at . ! ? ; — but "no. of steps", "pred. house" are abbreviations
_UNIT_SPLIT = re.compile(
    r"\n+|(?<=[!?;])\s+(?=[A-Za-z(\[])|(?<=\.)\s+(?=[A-Z(\[])"
    r"|(?<=[a-z]{5}\.)\s+(?=[a-z])"
)
NEGATORS = frozenset({
    "not", "no", "never", "without", "cannot", "neither", "nor", "hardly", "nothing", "none",
    "nobody", "nowhere",
})  # fmt: skip
_NOT_NEGATION = frozenset(
    {
        ("not", "only"),
        ("not", "just"),
        ("no", "."),
        ("no", "doubt"),
        ("not", "too"),
        ("no", "matter"),
    }
)
_OPENING = frozenset({"for", "because", "since"})  # a sentence's opening clause: "Because …, …"
_VERB_NEGATORS = frozenset({"not", "never", "cannot"})
CLAIM_BREAKS = frozenset(
    {",", ";", "while", "whereas", "but", "however", "although", "though", "whilst", "unlike"}
)
_BARRIERS = frozenset({
    ",", ";", ":", "but", "while", "whereas", "because", "so", "since", "though", "although",
    "however", "rather", "(", ")", "->", "if", "when", "and", "or", "which", "that",
})  # fmt: skip
_CONTRAST = frozenset({"but", "however", "although", "though", "whereas", "yet"})
_HEDGES = frozenset({"maybe", "perhaps", "possibly", "might", "probably"})
# "it depends" hedges; "it depends on w1 through a1" states a dependency
_HEDGE_PHRASES = re.compile(
    r"\b(hard to say|not sure|it depends(?! (on|upon)\b)|either could|both could|either works"
    r"|could be either|who knows|or it might|or maybe|or perhaps|or possibly"
    r"|one of (those|these|them|the two)|not sure which|(maybe|perhaps) [^.;]*\bor"
    r"|depending on the (convention|implementation|definition|book|library))\b"
)

Span = tuple[int, int]  # token positions [start, end)


@dataclass(frozen=True)
class Clause:
    text: str  # as written (after normalisation), for evidence
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    line: int | None
    source: str = ""
    shared: bool = False  # names several subjects together ("the forget, input and output gates")
    tangled: bool = False  # names three subjects run together, no claim for any: word salad
    # as written, when a subject from the sentence before was put in ("it" → "the forget
    # gate", or in front of "one use would be…"): credit only, never a wrong claim
    written: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    topic: int = -1  # the one subject it is about (an index into the part's subjects), or -1
    copied: bool = False  # restates the question: earns nothing, but a wrong claim in it counts

    @property
    def hedged(self) -> bool:
        """Offers alternatives rather than a claim: "maybe X or maybe Y"."""
        return self.hedged_at(0)

    def hedged_at(self, first: int) -> bool:
        """The claim starting at token ``first`` is hedged: the clause offers alternatives
        ("maybe X, or maybe Y"), or a hedge ("it depends", "not sure") stands in it or
        after it — not in a remark before "but for the exam: …"."""
        toks = self.tokens
        # a hedge after the claim reaches back over "but": "X, but maybe Y, not sure"
        start = max((i for i in range(first) if toks[i] in _CONTRAST), default=-1) + 1
        if sum(t in _HEDGES for t in toks) >= 2:
            return True
        return bool(_HEDGE_PHRASES.search(" ".join(toks[start:])))


@dataclass(frozen=True)
class Hit:
    span: Span
    fuzzy: bool  # needed the typo-tolerant comparison


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    token = lemma(token.removesuffix("'s"))  # LSTM's → lstm
    if not token.isalpha():
        return token
    if len(token) >= 4 and token[-1] == "s" and not _VOWELS & set(token[:-1]):
        return token[:-1]  # an acronym's plural: LSTMs, RNNs, MLPs
    return str(_STEMMER.stemWord(_BRITISH.sub(r"iz\1", token)))


def lemma(token: str) -> str:
    return _LEMMAS.get(token, token)


def clauses(text: str, *, line: int | None = None, source: str = "") -> list[Clause]:
    """Sentences and lines of ``text`` (already normalised). A ";" inside brackets, as in
    "σ(W[x_t; h_{t-1}] + b)", separates a formula's terms, not sentences."""
    out = []
    text = _BRACKETED.sub(lambda m: m.group(0).replace(";", ","), text)
    for unit in _UNIT_SPLIT.split(text):
        toks = tokens(unit)
        if toks:
            out.append(Clause(unit.strip(), toks, tuple(stem(t) for t in toks), line, source))
    return out


def sub_clause(clause: Clause, start: int, end: int) -> Clause:
    """Tokens [start, end) of ``clause`` as a clause of their own, with the text they came from."""
    low = clause.text.lower()
    spans = [m.span() for m in _TOKEN.finditer(low)]
    if len(low) == len(clause.text) and len(spans) == len(clause.tokens):
        text = clause.text[spans[start][0] : spans[end - 1][1]]
    else:  # lower-casing changed the length: fall back to the tokens
        text = " ".join(clause.tokens[start:end])
    toks, stems = clause.tokens[start:end], clause.stems[start:end]
    return replace(clause, text=text.strip(), tokens=toks, stems=stems)


@lru_cache(maxsize=8192)
def compile_phrase(phrase: str) -> tuple[tuple[str, bool], ...]:
    """A phrase as (stem, is_prefix) per word; ``vanish*`` is a prefix."""
    text, _ = normalise(phrase)
    out = []
    raw = tokens(text.replace("*", " *"))
    for i, tok in enumerate(raw):
        if tok == "*":
            continue
        is_prefix = i + 1 < len(raw) and raw[i + 1] == "*"
        out.append((lemma(tok) if is_prefix else stem(tok), is_prefix))
    return tuple(out)


@lru_cache(maxsize=8192)
def _compound(phrase: str) -> str | None:
    """``forget gate`` also matches ``forgetgate`` (``forget-gate`` after normalisation)."""
    text, _ = normalise(phrase)
    words = tokens(text.replace("*", ""))
    return "".join(words) if len(words) > 1 and all(w.isalpha() for w in words) else None


def _word_match(word: str, stem_: str, token: str, *, prefix: bool) -> int:
    """0: no match, 1: exact (stem or prefix), 2: only by a typo-tolerant comparison (one
    letter off, or the vowels left out as in note-taking: "glbl", "wrds", "forgts")."""
    if prefix:
        if token.startswith(stem_) or word.startswith(stem_) or lemma(token).startswith(stem_):
            return 1
        if "iz" in token and token.replace("iz", "is").startswith(stem_.replace("iz", "is")):
            return 1  # minimize ~ minimis*
        return 2 if _typo_prefix(token, stem_) or _skeleton(token, stem_, prefix=True) else 0
    if word == stem_:
        return 1
    close = (
        len(stem_) >= 5
        and len(word) >= 5
        and word[0] == stem_[0]
        and OSA.distance(word, stem_) <= 1 + (len(stem_) >= 9)
    )
    return 2 if close or _skeleton(token, stem_, prefix=False) else 0


def _typo_prefix(token: str, prefix: str) -> bool:
    """``vanish*`` against "vanshing": one edit inside the prefix, its first two and last
    letters kept (so "minimum" is not a typo of ``minimi*``, nor "exploring" of ``explod*``)."""
    n = len(prefix)
    if n < 6 or len(token) < n - 1 or token[:2] != prefix[:2] or not token.isalpha():
        return False
    return any(
        token[k - 1] == prefix[-1] and OSA.distance(token[:k], prefix) <= 1
        for k in (n - 1, n, n + 1)
        if k <= len(token)
    )


def _skeleton(token: str, word: str, *, prefix: bool) -> bool:
    """``token`` is ``word`` with vowels dropped, plus at most a short ending."""
    if len(token) < 3 or not token.isalpha() or token[0] != word[0] or len(token) >= len(word) + 3:
        return False
    i = kept = dropped = 0
    for ch in word:
        if i < len(token) and token[i] == ch:
            i += 1
            kept += ch not in _VOWELS
        elif ch in _VOWELS:
            dropped += 1
        else:
            return False
    rest = token[i:]
    ok_rest = rest in _SUFFIXES if prefix else rest in ("", "s")
    return dropped > 0 and kept >= 3 and ok_rest


def find_phrase(clause: Clause, phrase: str, start: int = 0) -> Hit | None:
    """The first occurrence of ``phrase`` at or after token ``start``, or None. A phrase of
    words may have one extra word inside it ("hidden internal state", "less than about
    1"), never a negator or a clause break."""
    words = compile_phrase(phrase)
    if not words:
        return None
    compound = _compound(phrase)
    gaps = len(words) > 1 and all(s.isalnum() for s, _ in words)
    for pos in range(start, len(clause.stems)):
        if compound and clause.tokens[pos].startswith(compound) and len(compound) >= 8:
            return Hit((pos, pos + 1), fuzzy=False)
        hit = _phrase_at(clause, words, pos, gaps=gaps)
        if hit is not None:
            return hit
    return None


def _phrase_at(
    clause: Clause, words: Sequence[tuple[str, bool]], pos: int, *, gaps: bool
) -> Hit | None:
    kinds: list[int] = []
    at = pos
    for k, (s, p) in enumerate(words):
        if at >= len(clause.stems):
            return None
        kind = _word_match(clause.stems[at], s, clause.tokens[at], prefix=p)
        if not kind and k and gaps and _skippable(clause.tokens, at):
            at += 1
            kind = (
                _word_match(clause.stems[at], s, clause.tokens[at], prefix=p)
                if at < len(clause.stems)
                else 0
            )
            gaps = False  # one extra word per phrase
        if not kind:
            return None
        kinds.append(kind)
        at += 1
    return Hit((pos, at), fuzzy=2 in kinds)


def _skippable(toks: Sequence[str], i: int) -> bool:
    """A word a phrase may step over ("errors all cancel"), not one that turns it round
    ("stops the errors from cancelling")."""
    tok = toks[i]
    return tok.isalpha() and tok not in _BARRIERS and tok != "from" and not is_negator(toks, i)


def find_group(clause: Clause, group: Sequence[str], start: int = 0) -> Hit | None:
    """The earliest phrase of ``group``; an exact hit wins over a typo hit at the same place."""
    hits = [h for h in (find_phrase(clause, p, start) for p in group) if h is not None]
    return min(hits, key=lambda h: (h.span[0], h.fuzzy, -h.span[1])) if hits else None


def one_claim(clause: Clause, first: int, last: int) -> bool:
    """No clause boundary (comma, "while", "but"…) between two token positions, except the
    comma that closes an "if"/"when" condition. An aside opened between them and still open
    at ``last`` is a boundary too: in "a forget gate of 0 erases the memory (1 keeps it)"
    the "keeps" belongs to the aside, not to the 0."""
    toks = clause.tokens
    for i, t in enumerate(toks[first:last], first):
        if t == "," and _closes_condition(toks, i):
            continue  # "if α is too large, it overshoots": one claim
        if t == "," and toks[i + 1 : i + 2] == ("which",) and "," not in toks[i + 1 : last]:
            continue  # "a forget gate, which writes new information": about the gate
        if t in CLAIM_BREAKS or (t == "(" and ")" not in toks[i:last]):
            return False
        if t == "and" and "=" in toks[i + 1 : i + 4]:
            return False  # "f = 0 deletes it and f = 1 keeps it": a second case
    return True


def _closes_condition(toks: Sequence[str], comma: int) -> bool:
    """The comma at ``comma`` ends a short "if"/"when" condition opened in the same claim;
    not when a new condition starts after it ("if α too large it overshoots, too small it
    is slow": the consequence came before the comma)."""
    if toks[comma + 1 : comma + 2] in (("too",), ("if",), ("when",), ("whenever",)):
        return False
    for i in range(comma - 1, max(-1, comma - 10), -1):
        if toks[i] in ("if", "when", "whenever") or (i == 0 and toks[i] in _OPENING):
            return True  # "if α is too large, …"; "for the feed-forward net, …"
        if toks[i] in CLAIM_BREAKS or toks[i] in ("(", ")"):
            return False
    return False


def is_negator(toks: Sequence[str], i: int) -> bool:
    token = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if token == "instead":  # "instead of squashing it every step" denies the squashing
        return nxt == "of"
    if not (token in NEGATORS or token.endswith("n't")):
        return False
    if i >= 2 and toks[i - 1] in ("/", "or", "vs", "versus") and toks[i - 2] == nxt:
        return False  # a binary label: "spam / not spam", "cat or no cat"
    return (token, nxt) not in _NOT_NEGATION


def negated(clause: Clause, spans: Sequence[Span]) -> bool:
    """An odd number of negators in the scope of the matched spans ("not vanish", "does
    not converge", "no memory"; "not unlike" cancels). Negators inside a matched phrase
    ("don't cancel") belong to the phrase."""
    inside = {i for s, e in spans for i in range(s, e)}
    toks = clause.tokens
    if _odd(toks, sorted(spans), inside):
        return True
    # two negations of two parts do not cancel: "the chain rule is not needed, because
    # the loss does not depend on …" denies both, though the count is even
    return len(spans) > 1 and any(_odd(toks, [span], inside) for span in spans)


def _odd(toks: Sequence[str], spans: Sequence[Span], inside: set[int]) -> bool:
    before, after = _scope(toks, spans)
    count = sum(is_negator(toks, i) for i in before - inside)
    count += sum(
        (toks[i] in _VERB_NEGATORS and is_negator(toks, i)) or toks[i].endswith("n't")
        for i in after - inside - before
    )
    return count % 2 == 1


def _scope(toks: Sequence[str], spans: Sequence[Span]) -> tuple[set[int], set[int]]:
    """Tokens before (and between) the spans, and the few right after each: "does not"."""
    scope: set[int] = set()
    after: set[int] = set()
    for s, e in spans:
        i = s - 1
        while i >= max(0, s - 5) and toks[i] not in _BARRIERS:
            scope.add(i)
            i -= 1
        if i >= 1 and toks[i] == "because" and toks[i - 1] == "not":
            scope.add(i - 1)  # "not because of vanishing gradients" denies the cause
        j = e
        while j < min(len(toks), e + 3) and toks[j] not in _BARRIERS:
            after.add(j)
            j += 1
    for (_, e), (s, _) in itertools.pairwise(spans):
        if e < s and not any(t in _BARRIERS for t in toks[e:s]):
            scope.update(range(e, s))
    return scope, after
