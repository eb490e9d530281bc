"""parse_math: text → Parsed (tree and shape) or MathError, with every static limit applied."""

from __future__ import annotations

import functools

from grader.maths.context import Context, compile_table
from grader.maths.limits import LimitError, check
from grader.maths.parser import read
from grader.maths.shapes import ShapeError, infer
from grader.maths.symbols import SymbolTable
from grader.maths.tokens import MathError, ReadError
from grader.maths.verdicts import Parsed


def parse_math(text: str, table: SymbolTable) -> Parsed | MathError:
    """Read one expression (no relations, no $ delimiters). Never raises for bad input."""
    ctx = compile_table(table)
    if ctx.error is not None:
        return MathError(ctx.error, 0)
    return read_in(text, ctx)


def read_in(text: str, ctx: Context) -> Parsed | MathError:
    return _cached(text, ctx)


@functools.lru_cache(maxsize=4096)
def _cached(text: str, ctx: Context) -> Parsed | MathError:
    try:
        tree = read(text, ctx.names)
        check(tree)
    except ReadError as exc:
        return MathError(exc.message, exc.position)
    except LimitError as exc:
        return MathError(exc.message, exc.node.start)
    except RecursionError:
        return MathError("expression too deeply nested (limit 60)", 0)
    try:
        shape = infer(tree, ctx.shapes)
    except ShapeError as exc:
        return Parsed(text, tree, None, exc.message)
    return Parsed(text, tree, shape)
