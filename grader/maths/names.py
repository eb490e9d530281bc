"""Name lookup: how a written name (w_2, w2, w₂, \\hat{\\beta}, Xb) becomes declared symbols.

A name's key is its base, then `_` and the subscript, then `^` and a bracketed superscript:
`w_2`, `hat(beta)`, `a^[1]`. Font commands (\\mathbf, \\vec, \\boldsymbol) are transparent;
hats, bars and tildes are part of the name, so `\\hat{\\beta}` matches only if declared.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

GREEK_ALIASES = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varsigma": "sigma"}
DECORATIONS = {
    "hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde",
    "widetilde": "tilde", "check": "check", "dot": "dot",
}  # fmt: skip
FONTS = frozenset(
    [
        "mathbf",
        "boldsymbol",
        "bm",
        "mathrm",
        "mathit",
        "mathsf",
        "mathnormal",
        "vec",
        "operatorname",
        "pmb",
    ]
)
ALWAYS_FUNCTIONS = {
    "exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sqrt": "sqrt", "inv": "inv",
}  # fmt: skip
SIGMA_WORDS = ("sigma", "sigmoid")


def make_key(base: str, sub: str = "", sup: str = "") -> str:
    key = base
    if sub:
        key += "_" + sub
    if sup:
        key += "^" + sup
    return key


@dataclass(frozen=True)
class Names:
    """The lookup the reader uses: written key → canonical symbol name, plus functions."""

    keys: Mapping[str, str]
    functions: frozenset[str] = frozenset({"sigma"})
    # defined names that may be written in function notation, J(β): name → what it depends on
    sinks: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def function(self, word: str) -> str | None:
        """The function a bare word names (sigma, exp, log, …), or None."""
        if word in ALWAYS_FUNCTIONS and word not in self.keys:
            return ALWAYS_FUNCTIONS[word]
        if word in SIGMA_WORDS and "sigma" in self.functions and word not in self.keys:
            return "sigma"
        return None

    def lookup(self, key: str) -> str | None:
        return self.keys.get(key)

    def segment(self, letters: str, suffix: str) -> list[str] | None:
        """Split a letter run into declared names (Xb → X, beta); the suffix goes on the last."""
        whole = self.lookup(letters + suffix)
        if whole is not None:
            return [whole]
        best: dict[int, list[str]] = {0: []}
        for start in range(len(letters)):
            if start not in best:
                continue
            for end in range(start + 1, len(letters) + 1):
                piece = letters[start:end] + (suffix if end == len(letters) else "")
                found = self.lookup(piece)
                if found is not None and (end not in best or len(best[end]) > len(best[start]) + 1):
                    best[end] = [*best[start], found]
        return best.get(len(letters))

    def suggest(self, key: str) -> str:
        """A ": did you mean …" hint for an unknown name, or an empty string."""
        close = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.6)
        return f": did you mean {self.keys[close[0]]}?" if close else ""
