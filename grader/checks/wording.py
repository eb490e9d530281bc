"""Wording: normalise prose, split it into clauses, and match rubric phrases in them.

A phrase matches by stem ("penalises" ~ "penalize"), by prefix (``vanish*``) or, for
words of five letters or more, by a typo-tolerant comparison ("gradeint"). Unicode
tricks are undone before matching (look-alike letters, zero-width characters) and
reported, so they neither gain nor lose credit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz.distance import Levenshtein

_STEMMER = snowballstemmer.stemmer("english")
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅԜԝαοτνκ",  # Cyrillic and Greek letters that look Latin
    "aeopcyxijsdhlABEKMHOPCTXIJSWwaotvk",
)
_LATEX_WORDS = {
    r"\eta": " eta ", r"\alpha": " alpha ", r"\theta": " theta ", r"\sigma": " sigma ",
    r"\beta": " beta ", r"\rightarrow": " -> ", r"\to": " -> ", r"\odot": " * ", r"\cdot": " * ",
    r"\times": " * ", r"\leftarrow": " <- ", r"\gets": " <- ", r"\approx": " ~ ",
}
_GREEK = {"η": " eta ", "α": " alpha ", "θ": " theta ", "σ": " sigma ", "β": " beta ", "→": " -> ",
          "←": " <- ", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "⊙": " * ", "·": " * "}
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|<-|->|<=|>=|[^\sa-z0-9]")
_UNIT_SPLIT = re.compile(r"\n+|(?<=[.!?;])\s+(?=[A-Za-z(])")
NEGATORS = frozenset({"not", "no", "never", "without", "cannot", "neither", "nor", "hardly",
                      "isn't", "doesn't", "don't", "didn't", "can't", "won't", "aren't", "wasn't",
                      "shouldn't", "wouldn't", "couldn't", "nothing"})
_CLAIM_BREAKS = frozenset({",", ";", "while", "whereas", "but", "however", "although", "though",
                           "whilst", "unlike"})
_BARRIERS = frozenset({",", ";", ":", "but", "while", "whereas", "because", "so", "since",
                       "though", "although", "however", "instead", "rather", "(", ")"})


@dataclass(frozen=True)
class Clause:
    text: str  # as written (after normalisation), for evidence
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    line: int | None
    source: str = ""


def normalise(text: str) -> tuple[str, list[str]]:
    """Text ready for matching, and the tricks that were undone (for review flags)."""
    flags: list[str] = []
    if _INVISIBLE.search(text):
        flags.append("invisible characters inside words")
        text = _INVISIBLE.sub("", text)
    folded = text.translate(_CONFUSABLES)
    if folded != text:
        flags.append("look-alike letters from another alphabet")
    text = unicodedata.normalize("NFKC", folded)
    for src, dst in _LATEX_WORDS.items():
        text = text.replace(src, dst)
    for src, dst in _GREEK.items():
        text = text.replace(src, dst)
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", "", text)  # pre-diction, feed-forward
    text = text.replace("$", " ").replace("\\", " ")
    return text, flags


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    token = token.removesuffix("'s")  # LSTM's → lstm
    return str(_STEMMER.stemWord(token)) if token.isalpha() else token


def clauses(text: str, *, line: int | None = None, source: str = "") -> list[Clause]:
    """Sentences and lines of ``text`` (already normalised)."""
    out = []
    for unit in _UNIT_SPLIT.split(text):
        toks = tokens(unit)
        if toks:
            out.append(Clause(unit.strip(), toks, tuple(stem(t) for t in toks), line, source))
    return out


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
        out.append((tok if is_prefix else stem(tok), is_prefix))
    return tuple(out)


def _word_matches(word: str, stem_: str, token: str, *, prefix: bool) -> bool:
    if prefix:
        return token.startswith(stem_)
    if word == stem_:
        return True
    return len(stem_) >= 5 and len(word) >= 5 and Levenshtein.distance(word, stem_) <= 1 + (len(stem_) >= 9)


def find_phrase(clause: Clause, phrase: str, start: int = 0) -> int | None:
    """Index of the first token at or after ``start`` where ``phrase`` occurs, or None."""
    words = compile_phrase(phrase)
    if not words:
        return None
    n = len(words)
    for start in range(start, len(clause.stems) - n + 1):
        if all(
            _word_matches(clause.stems[start + k], s, clause.tokens[start + k], prefix=p)
            for k, (s, p) in enumerate(words)
        ):
            return start
    return None


def find_group(clause: Clause, group: Sequence[str], start: int = 0) -> int | None:
    hits = [i for i in (find_phrase(clause, p, start) for p in group) if i is not None]
    return min(hits) if hits else None


def one_claim(clause: Clause, first: int, last: int) -> bool:
    """No clause boundary (comma, "while", "but"…) between two token positions."""
    return not any(t in _CLAIM_BREAKS for t in clause.tokens[first:last])


def negated(clause: Clause, position: int) -> bool:
    """A negator shortly before ``position`` in the same sub-clause."""
    for i in range(position - 1, max(-1, position - 6), -1):
        token = clause.tokens[i]
        if token in _BARRIERS:
            return False
        if token in NEGATORS or token.endswith("n't"):
            return True
    return False
