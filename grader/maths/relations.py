"""split_relations and derivative_target: reading the shape of a line before its maths."""

from __future__ import annotations

import re

from grader.maths.context import compile_table
from grader.maths.nodes import Deriv, Sym
from grader.maths.reader import read_in
from grader.maths.symbols import SymbolTable
from grader.maths.tokens import MathError

_RELATION = re.compile(
    r":=|=|\\Rightarrow(?![A-Za-z])|\\implies(?![A-Za-z])|\\iff(?![A-Za-z])"
    r"|\\Leftrightarrow(?![A-Za-z])|\\longrightarrow(?![A-Za-z])|\\rightarrow(?![A-Za-z])"
    r"|\\to(?![A-Za-z])|⇒|⟹|⇔|→|≔"
)
_LABEL = re.compile(r"^\s*(?:\((?:[ivx]+|[a-h])\)|[ivx]+\)|[a-h]\)|\d+\.(?!\d))\s*")
_LEADING = re.compile(r"^\s*(?:\\therefore|∴|\\because|\\text\{[^{}]*\}|\\quad|\\qquad)\s*")
_BOXED = re.compile(r"\\boxed\s*\{")
_ANNOTATION = re.compile(r"\\q?quad\b.*$", re.DOTALL)
_TRAILING = re.compile(r"[\s.,;:]+$|\\[,;!]\s*$")
_ALIGN = re.compile(r"(?<!\\)&")


def split_relations(text: str) -> list[str]:
    """The sides of one math segment, split at top-level =, ⇒, ⇔, :=, → (in order).

    Drops \\boxed{…} wrappers, `\\quad (\\text{…})` annotations, labels like "(i)",
    alignment `&`, leading \\therefore and trailing punctuation; empty sides are dropped.
    """
    text = _unbox(text)
    text = _ALIGN.sub(" ", text)
    sides: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif (depth == 0 and ch != "\\") or (depth == 0 and text.startswith("\\", i)):
            match = _RELATION.match(text, i)
            if match:
                sides.append(text[start:i])
                start = i = match.end()
                continue
        i += 2 if ch == "\\" and i + 1 < len(text) and not text[i + 1].isalpha() else 1
    sides.append(text[start:])
    return [side for side in (_clean(s) for s in sides) if side]


def _clean(side: str) -> str:
    side = _ANNOTATION.sub("", side)
    previous = None
    while previous != side:
        previous = side
        side = _LABEL.sub("", side)
        side = _LEADING.sub("", side)
        side = _TRAILING.sub("", side).strip()
    return side


def _unbox(text: str) -> str:
    while True:
        match = _BOXED.search(text)
        if match is None:
            return text
        depth, j = 1, match.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        inner = text[match.end() : j - 1] if depth == 0 else text[match.end() :]
        text = text[: match.start()] + " " + inner + " " + text[j:]


def derivative_target(text: str, table: SymbolTable) -> tuple[str, str] | None:
    """(A, B) when `text` is a single derivative ∂A/∂B of a symbol A; otherwise None."""
    ctx = compile_table(table)
    if ctx.error is not None:
        return None
    sides = split_relations(text)
    if len(sides) != 1:
        return None
    parsed = read_in(sides[0], ctx)
    if isinstance(parsed, MathError):
        return None
    tree = parsed.tree
    if isinstance(tree, Deriv) and isinstance(tree.of, Sym):
        return (tree.of.name, tree.wrt)
    return None
