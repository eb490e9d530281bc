"""The per-question symbol table an author declares: names, shapes, definitions, functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Symbol:
    """One declared name. `shape` names the dimensions of a matrix: y is ("n", "1")."""

    name: str
    kind: Literal["scalar", "matrix"] = "scalar"
    shape: tuple[str, str] | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SymbolTable:
    """Everything a question declares.

    `dims` gives the concrete sizes used for checking, paired by index: {"n": (5, 7),
    "p": (3, 4)} checks at (n, p) = (5, 3) and (7, 4). `definitions` are author-written in
    the same notation as answers ({"a_1": "\\\\sigma(z_1)"}). `functions` are the declared
    functions; exp, log/ln, tanh and sqrt are always known.
    """

    symbols: tuple[Symbol, ...]
    dims: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    definitions: Mapping[str, str] = field(default_factory=dict)
    functions: tuple[str, ...] = ("sigma",)

    def __hash__(self) -> int:  # the Mapping fields are dicts; hash their contents
        return hash(self.fingerprint())

    def fingerprint(self) -> tuple[object, ...]:
        """A hashable summary, used to cache the compiled table."""
        return (
            self.symbols,
            tuple(sorted((k, tuple(v)) for k, v in self.dims.items())),
            tuple(sorted(self.definitions.items())),
            self.functions,
        )


SCALAR: tuple[str, str] = ("1", "1")


def symbol_shape(symbol: Symbol) -> tuple[str, str]:
    if symbol.kind == "scalar" or symbol.shape is None:
        return SCALAR
    return symbol.shape
