"""Compile a SymbolTable once: name keys, parsed definitions, their order, shapes and sizes."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from grader.maths.limits import LimitError, check
from grader.maths.names import Names
from grader.maths.nodes import Node, symbols_in
from grader.maths.parser import name_key, read
from grader.maths.shapes import Shape, ShapeError, infer
from grader.maths.symbols import SymbolTable, symbol_shape
from grader.maths.tokens import ReadError

_DEFAULT_SIZES = ((5, 7), (3, 4), (6, 9), (2, 3), (8, 10), (4, 6))


@dataclass(frozen=True, eq=False)  # hashed by identity: compiled once per table, then cached
class Context:
    """Everything derived from a SymbolTable that checking needs."""

    names: Names
    shapes: Mapping[str, Shape]
    definitions: Mapping[str, Node] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # defined names, dependencies first
    depends: Mapping[str, frozenset[str]] = field(default_factory=dict)  # transitive
    sizes: tuple[Mapping[str, int], ...] = ()
    error: str | None = None  # the author's table itself is broken

    @property
    def has_matrices(self) -> bool:
        return any(shape != ("1", "1") for shape in self.shapes.values())

    def base_symbols(self, *, use_definitions: bool) -> tuple[str, ...]:
        """The symbols that get random values (defined ones follow from them)."""
        defined = set(self.definitions) if use_definitions else set()
        return tuple(sorted(n for n in self.shapes if n not in defined))


def compile_table(table: SymbolTable) -> Context:
    return _compile(table)


@functools.lru_cache(maxsize=64)
def _compile(table: SymbolTable) -> Context:
    try:
        return _build(table)
    except (ReadError, ShapeError, LimitError, ValueError) as exc:
        message = getattr(exc, "message", str(exc))
        return Context(names=Names(keys={}), shapes={}, error=f"symbol table: {message}")


def _build(table: SymbolTable) -> Context:
    keys: dict[str, str] = {}
    shapes: dict[str, Shape] = {}
    for symbol in table.symbols:
        shapes[symbol.name] = symbol_shape(symbol)
        for written in (symbol.name, *symbol.aliases):
            keys[name_key(written)] = symbol.name
    defined: dict[str, str] = {}
    for lhs in table.definitions:
        key = name_key(lhs)
        canonical = keys.setdefault(key, lhs)
        defined[canonical] = table.definitions[lhs]
    functions = frozenset(f if f != "sigmoid" else "sigma" for f in table.functions)
    names = Names(keys=keys, functions=functions)
    parsed = {name: read(text, names) for name, text in defined.items()}
    for tree in parsed.values():
        check(tree)
    order = _topological(parsed)
    depends: dict[str, frozenset[str]] = {}
    for name in order:
        direct = symbols_in(parsed[name])
        depends[name] = frozenset(direct).union(*(depends.get(d, frozenset()) for d in direct))
        shapes[name] = infer(parsed[name], shapes)
    used = set().union(*(symbols_in(n) for n in parsed.values())) if parsed else set()
    sinks = {name: depends[name] for name in order if name not in used}
    names = Names(keys=keys, functions=functions, sinks=sinks)
    return Context(
        names=names,
        shapes=shapes,
        definitions=parsed,
        order=order,
        depends=depends,
        sizes=_sizes(table, shapes),
    )


def _topological(parsed: Mapping[str, Node]) -> tuple[str, ...]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError(f"definitions are circular at {name}")
        state[name] = 1
        for dep in sorted(symbols_in(parsed[name])):
            if dep in parsed:
                visit(dep)
        state[name] = 2
        order.append(name)

    for name in sorted(parsed):
        visit(name)
    return tuple(order)


def _sizes(table: SymbolTable, shapes: Mapping[str, Shape]) -> tuple[Mapping[str, int], ...]:
    dims = sorted({d for shape in shapes.values() for d in shape if d != "1"})
    if not dims:
        return ({},)
    given = {name: tuple(v) for name, v in table.dims.items()}
    count = max((len(v) for v in given.values()), default=2)
    spare = iter(d for d in _DEFAULT_SIZES)
    columns: dict[str, tuple[int, ...]] = {}
    for name in dims:
        if name in given:
            columns[name] = given[name]
        else:
            columns[name] = next(spare, (11, 13))
    return tuple(
        {name: values[i % len(values)] for name, values in columns.items()} for i in range(count)
    )
