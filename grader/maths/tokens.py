"""Normalise transcribed maths to plain ASCII LaTeX, then cut it into tokens.

Normalisation uses an explicit map (never NFKC, which would turn ² into 2): the exam's
Unicode notation (− · × ᵀ ⊤ Greek ∂ ∇ ² ⁻¹ subscript digits) becomes LaTeX; any other
non-ASCII letter is rejected with a "did you mean" hint. Every normalised character keeps
the offset of the original character it came from, so errors point into the student's text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

MAX_LENGTH = 2000
MAX_NESTING = 60
MAX_DIGITS = 15

GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Phi",
    "Psi",
    "Omega",
]
_GREEK_CHARS = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ"
_UNICODE_GREEK = dict(zip(_GREEK_CHARS, GREEK, strict=True))
_UNICODE_GREEK.update({"ς": "sigma", "ϵ": "epsilon", "ϕ": "phi", "ϑ": "theta"})

_SIMPLE: dict[str, str] = {
    "−": "-", "–": "-", "—": "-", "‐": "-", "∗": "*", "·": r"\cdot ", "⋅": r"\cdot ",
    "×": r"\times ", "⊤": r"\top ", "′": "'", "’": "'", "″": "''", "∂": r"\partial ",
    "∇": r"\nabla ", "‖": r"\|", "⇒": r"\Rightarrow ", "⟹": r"\implies ", "→": r"\to ",
    "⟶": r"\to ", "⇔": r"\iff ", "⟺": r"\iff ", "≔": ":=", "½": r"\frac{1}{2}",
    "∑": r"\sum ", "∫": r"\int ", "∏": r"\prod ", "√": r"\sqrt ",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u2005": " ", "\u2006": " ", "\u200a": " ", "\u200b": "", "\ufeff": "",
}  # fmt: skip
_SUPER = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ᵀ", "0123456789-+T", strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼₙₖₜ", "0123456789ijnkt", strict=True))
_MARKS = {"\u0302": "hat", "\u0304": "bar", "\u0303": "tilde", "\u0305": "bar"}
CONFUSABLES: dict[str, tuple[str, str]] = {
    **{c: (a, "Cyrillic") for c, a in zip("аеорсухкіјѕ", "aeopcyxkijs", strict=True)},
    **{c: (a, "Cyrillic") for c, a in zip("АВЕКМНОРСТХУ", "ABEKMHOPCTXY", strict=True)},
    **{c: (a, "Greek") for c, a in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο", "ABEZHIKMNOPTYXo", strict=True)},
}


@dataclass(frozen=True)
class MathError:
    """Why a piece of maths could not be read; `position` is an offset into the original text."""

    message: str
    position: int = 0


class ReadError(Exception):
    """Raised inside the reader and turned into a MathError at the public boundary."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


TokenKind = Literal["num", "word", "cmd", "op", "end"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    pos: int  # offset in the original (un-normalised) text


def normalise(text: str) -> tuple[str, list[int]]:
    """Map the text to ASCII LaTeX; return it with each character's original offset."""
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(text):
        piece, used = _normalise_at(text, i)
        out.append(piece)
        offsets.extend([i] * len(piece))
        i += used
    return "".join(out), offsets


def _normalise_at(text: str, i: int) -> tuple[str, int]:
    """The normalised form of the character(s) at `i` and how many characters it used."""
    ch = text[i]
    mark = _MARKS.get(text[i + 1]) if i + 1 < len(text) else None
    if mark is not None and (ch.isascii() or ch in _UNICODE_GREEK):
        inner = ch if ch.isascii() else "\\" + _UNICODE_GREEK[ch] + " "
        return f"\\{mark}{{{inner}}}", 2
    if ch.isascii():
        return ch, 1
    if ch in _SIMPLE:
        return _SIMPLE[ch], 1
    if ch in _UNICODE_GREEK:
        return "\\" + _UNICODE_GREEK[ch] + " ", 1
    for table, lead in ((_SUPER, "^"), (_SUB, "_")):
        if ch in table:
            j = i
            while j < len(text) and text[j] in table:
                j += 1
            return lead + "{" + "".join(table[c] for c in text[i:j]) + "}", j - i
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in _MARKS:
        return f"\\{_MARKS[decomposed[1]]}{{{decomposed[0]}}}", 1
    raise ReadError(_foreign_message(ch), i)


def _foreign_message(ch: str) -> str:
    if ch in CONFUSABLES:
        ascii_, script = CONFUSABLES[ch]
        return f"did you mean {ascii_} ({script} {ch})"
    hint = unicodedata.normalize("NFKC", ch)
    name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
    if hint.isascii() and hint.isalnum():
        return f"did you mean {hint} ({name} {ch})"
    return f"unsupported character {ch} ({name})"


_SKIP_CMDS = frozenset(
    [
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "Biggl",
        "Biggr",
        "middle",
        "displaystyle",
        "textstyle",
        "limits",
        "quad",
        "qquad",
        "nonumber",
        "notag",
    ]
)
_SPACING = frozenset(",;:!> ")
_SINGLE_OPS = frozenset("+-*/^_'()[]{}|,=!:;&<>.")


def tokenize(text: str) -> list[Token]:
    """Cut `text` into tokens, enforcing the length, nesting and digit limits first."""
    if len(text) > MAX_LENGTH:
        raise ReadError(f"expression too long ({len(text)} characters, limit {MAX_LENGTH})")
    norm, offsets = normalise(text)
    offsets.append(len(text))
    tokens: list[Token] = []
    i = 0
    while i < len(norm):
        ch = norm[i]
        at = offsets[i]
        if ch.isspace() or ch == "~":
            i += 1
        elif ch.isdigit():
            i = _read_number(norm, i, at, tokens)
        elif ch.isalpha():
            j = i
            while j < len(norm) and norm[j].isalpha():
                j += 1
            while j < len(norm) and norm[j].isdigit():
                j += 1
            tokens.append(Token("word", norm[i:j], at))
            i = j
        elif ch == "\\":
            i = _read_command(norm, i, at, tokens)
        elif ch == "*" and norm.startswith("**", i):
            tokens.append(Token("op", "^", at))
            i += 2
        elif ch == "|" and norm.startswith("||", i):
            tokens.append(Token("op", "\\|", at))
            i += 2
        elif ch in _SINGLE_OPS:
            tokens.append(Token("op", ch, at))
            i += 1
        else:
            raise ReadError(f"unexpected character {ch!r}", at)
    tokens.append(Token("end", "", len(text)))
    _check_nesting(tokens)
    return tokens


def _check_nesting(tokens: list[Token]) -> None:
    depth = 0
    for tok in tokens:
        if tok.kind == "op" and tok.text in ("(", "[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                raise ReadError(f"expression too deeply nested (limit {MAX_NESTING})", tok.pos)
        elif tok.kind == "op" and tok.text in (")", "]", "}"):
            depth = max(0, depth - 1)


def _read_number(norm: str, i: int, at: int, tokens: list[Token]) -> int:
    j = i
    while j < len(norm) and norm[j].isdigit():
        j += 1
    if j + 1 < len(norm) and norm[j] == "." and norm[j + 1].isdigit():
        j += 1
        while j < len(norm) and norm[j].isdigit():
            j += 1
    literal = norm[i:j]
    digits = sum(c.isdigit() for c in literal)
    if digits > MAX_DIGITS:
        raise ReadError(f"number with {digits} digits (limit {MAX_DIGITS})", at)
    rest = norm[j : j + 3]
    if rest[:1] in ("e", "E") and (
        rest[1:2].isdigit() or (rest[1:2] in "+-" and rest[2:3].isdigit())
    ):
        raise ReadError(f"scientific notation is not supported ({literal}{rest}…)", at)
    tokens.append(Token("num", literal, at))
    return j


def _read_command(norm: str, i: int, at: int, tokens: list[Token]) -> int:
    j = i + 1
    while j < len(norm) and norm[j].isalpha():
        j += 1
    if j == i + 1:  # a backslash and one non-letter
        nxt = norm[i + 1 : i + 2]
        if nxt in _SPACING or nxt == "":
            return i + 2
        if nxt == "|":
            tokens.append(Token("op", "\\|", at))
        elif nxt in "{}":
            tokens.append(Token("op", "(" if nxt == "{" else ")", at))
        elif nxt == "\\":
            raise ReadError("line break \\\\ inside an expression", at)
        else:
            raise ReadError(f"unsupported command \\{nxt}", at)
        return i + 2
    name = norm[i + 1 : j]
    if name in _SKIP_CMDS:
        if name in ("left", "right", "middle") and norm[j : j + 1] == ".":
            j += 1
        return j
    tokens.append(Token("cmd", name, at))
    return j
