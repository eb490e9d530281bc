"""compare_command: the body of a `grader compare A B --symbols …` CLI command.

Returns (exit code, text to print) and prints nothing itself. Exit codes: 0 equivalent,
1 not equivalent / transposed / dimension error, 2 unreadable input or bad symbol spec,
3 needs review.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict

from grader.maths.compare import compare
from grader.maths.symbols import Symbol, SymbolTable
from grader.maths.verdicts import Verdict

_SPEC = re.compile(r"^([^:\s]+)(?::(\d+)x(\d+))?$")
_EXIT = {
    "equivalent": 0,
    "not_equivalent": 1,
    "transposed": 1,
    "dimension_error": 1,
    "invalid": 2,
    "needs_review": 3,
}


def parse_symbols(spec: str) -> SymbolTable | str:
    """'X:5x3 y:5x1 beta:3x1 z1' → a SymbolTable, or an error message."""
    symbols: list[Symbol] = []
    dims: dict[str, tuple[int, ...]] = {}
    for item in spec.split():
        match = _SPEC.match(item)
        if match is None:
            return f"bad symbol {item!r}: write name or name:ROWSxCOLS (e.g. X:5x3)"
        name, rows, cols = match.groups()
        if rows is None or (rows, cols) == ("1", "1"):
            symbols.append(Symbol(name))
            continue
        shape = (rows, cols)
        for d in shape:
            if d != "1":
                dims[d] = (int(d),)
        symbols.append(Symbol(name, "matrix", shape))
    if not symbols:
        return "no symbols given"
    return SymbolTable(tuple(symbols), dims=dims)


def compare_command(
    a: str,
    b: str,
    symbols_spec: str,
    definitions: Mapping[str, str] | None,
    as_json: bool,
) -> tuple[int, str]:
    table = parse_symbols(symbols_spec)
    if isinstance(table, str):
        return 2, json.dumps({"error": table}) if as_json else f"error: {table}"
    if definitions:
        table = SymbolTable(table.symbols, table.dims, dict(definitions), table.functions)
    verdict = compare(a, b, table)
    code = _EXIT[verdict.status]
    return code, format_verdict(verdict, as_json=as_json)


def format_verdict(verdict: Verdict, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(asdict(verdict), ensure_ascii=False, sort_keys=True)
    lines = [f"{verdict.status} ({verdict.proof}): {verdict.message}"]
    if verdict.mistake is not None:
        one = " [one factor]" if verdict.mistake.one_factor else ""
        lines.append(f"mistake: {verdict.mistake.name}{one}: {verdict.mistake.description}")
    if verdict.false_pass_bound is not None:
        lines.append(f"false-pass bound: {verdict.false_pass_bound:.1e}")
    if verdict.has_unevaluated_derivative:
        lines.append("note: the answer still contains unevaluated derivatives")
    return "\n".join(lines)
