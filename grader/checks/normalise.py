"""Normalise student prose before matching: struck-out spans dropped, invisible
characters removed, look-alike letters folded (and reported, so that Unicode tricks neither
gain nor lose credit), LaTeX and Greek names spelled out, shorthand expanded ("diff b/w",
"reqd", "i/p")."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_STRUCK = re.compile(r"~~.*?~~", re.DOTALL)
# a quoted alias in brackets: inside a name (the forget ("keep") gate) it is dropped; after
# one (valve one ("forget") decides…) it is the name, kept without its quotes
_NAME_NOUN = r"\s+(?:gate|valve|switch|unit|mask|door)s?\b"
_ALIAS = re.compile(rf"\s*\(\s*[\"“'‘]([^\"”'’()]{{1,20}})[\"”'’]\s*\)({_NAME_NOUN})?")
# a quoted role before its noun: the "forget" valve is the forget valve
_QUOTED_ROLE = re.compile(rf"[\"“'‘](\w+)[\"”'’](?={_NAME_NOUN})")
_CYRILLIC = "аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅԜԝ"
_CONFUSABLES = str.maketrans(
    _CYRILLIC + "αοτνκ" + "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",  # Cyrillic and Greek letters that look Latin
    "aeopcyxijsdhlABEKMHOPCTXIJSWw" + "aotvk" + "ABEZHIKMNOPTYX",
)
_WORD = re.compile(r"\w+")
_LATEX_WORDS = {
    r"\eta": " eta ",
    r"\alpha": " alpha ",
    r"\theta": " theta ",
    r"\sigma": " sigma ",
    r"\beta": " beta ",
    r"\rightarrow": " -> ",
    r"\to": " -> ",
    r"\odot": " * ",
    r"\cdot": " * ",
    r"\times": " * ",
    r"\leftarrow": " <- ",
    r"\gets": " <- ",
    r"\approx": " ~ ",
}
_GREEK = {
    "η": " eta ",
    "α": " alpha ",
    "θ": " theta ",
    "σ": " sigma ",
    "β": " beta ",
    "→": " -> ",
    "←": " <- ",
    "−": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "⊙": " * ",
    "·": " * ",
}
_EXPANSIONS = {
    "long short-term memory": "lstm",
    "long short term memory": "lstm",
    r"recurrent (?:neural )?net(?:work)?(s?)\b": r"rnn\1",  # a simple recurrent network
}
# note-taking shorthand, read as written out ("diff b/w", "reqd", "no. of", "w/o")
_ABBREVIATIONS = tuple(
    (re.compile(rf"(?<![\w/])(?:{src})(?![\w/])", re.IGNORECASE), dst)
    for src, dst in (
        (r"w/o", "without"),
        (r"b/w", "between"),
        (r"w/", "with"),
        (r"b/c|bcz|bcoz|bc|coz|cuz|∵", "because"),
        (r"∴", "so"),
        (r"thru", "through"),
        (r"reqd\.?", "required"),
        (r"no\.(?=\s*(?:of|\d))", "number"),
        (r"diff(?=\s+between)", "difference"),
        (r"i/p", "input"),
        (r"o/p", "output"),
        (r"prev\.?", "previous"),
        (r"info", "information"),
        (r"mem\.?", "memory"),
        (r"fwd", "forward"),
        (r"bkwd|bwd", "backward"),
        (r"seq\.", "sequence"),
        (r"params?\.?", "parameters"),
        (r"deps?\.", "dependency"),
        (r"exp\.", "exponentially"),
        (r"approx\.?", "approximately"),
        (r"wrt|w\.r\.t\.?", "with respect to"),
        (r"s\.t\.", "such that"),
        (r"[+]ve", "positive"),
        (r"-ve", "negative"),
        (r"(do|does|is|are|was|were|ca|wo|did|has|have|had|could|would|should)nt", r"\1n't"),
        (r"dosnt|doesent|dnt", "doesn't"),
    )
)
# the previous step's subscript is one symbol, not a "1" that a claim could be about
# ("c_{t-1}" beside "forget gate … discard" is not "forget gate 1 erases")
_PREVIOUS_STEP = re.compile(r"_\s*[{(]?\s*t\s*-\s*1(?:\s*[})])?|(?<=[a-z])\(t\s*-\s*1\)")
# Unicode subscripts are a subscript: "cₜ₋₁" is c_{t-1}, not "ct-1"
_SUBSCRIPT = re.compile(r"(?<=\w)[\u2080-\u209c]+")
# irregular forms the stemmer leaves alone: "shrank" ~ shrink*, "threw away" ~ throw* away


def _alias(match: re.Match[str]) -> str:
    return match.group(2) or f" ({match.group(1).strip()})"


def normalise(text: str) -> tuple[str, list[str]]:
    """Text ready for matching, and the tricks that were undone (for review flags)."""
    flags: list[str] = []
    text = _STRUCK.sub(" ", text)
    text = _ALIAS.sub(_alias, text)
    text = _QUOTED_ROLE.sub(r"\1", text)
    if _INVISIBLE.search(text):
        flags.append("invisible characters inside words")
        text = _INVISIBLE.sub("", text)
    folded = _WORD.sub(_fold_word, text)
    if folded != text:
        flags.append("look-alike letters from another alphabet")
    text = _SUBSCRIPT.sub(_subscript, folded)
    text = unicodedata.normalize("NFKC", text)
    for src, dst in _LATEX_WORDS.items():
        text = text.replace(src, dst)
    for src, dst in _GREEK.items():
        text = text.replace(src, dst)
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", "", text)  # pre-diction, feed-forward
    text = text.replace("$", " ").replace("\\", " ")
    for src, dst in _EXPANSIONS.items():
        text = re.sub(src.replace("-", "-?"), dst, text, flags=re.IGNORECASE)
    for pattern, dst in _ABBREVIATIONS:
        text = pattern.sub(dst, text)
    text = _PREVIOUS_STEP.sub("_prev", text)
    return text, flags


def _subscript(m: re.Match[str]) -> str:
    sub = unicodedata.normalize("NFKC", m[0])
    return f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"


def _fold_word(m: re.Match[str]) -> str:
    """Look-alikes are folded inside Latin words (``сhain``) and in Cyrillic-only words;
    a Greek letter standing alone is notation (α, τ) and stays."""
    word = m.group()
    if word in ("О", "о"):  # a Cyrillic O standing alone is read as a zero
        return "0"
    latin = any("a" <= c.lower() <= "z" for c in word)
    if latin or any(c in _CYRILLIC for c in word):
        return word.translate(_CONFUSABLES)
    return word
