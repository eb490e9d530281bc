"""Read a Jupyter notebook as data: code cells are code, markdown cells are written answers.

Read with nbformat (JSON only: nothing in the notebook is executed or unpickled).
Outputs stored in the notebook are ignored: the grader runs the code itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import nbformat

_MAGIC_PREFIXES = ("%", "!")


@dataclass(frozen=True)
class Notebook:
    cells: tuple[tuple[str, str], ...] = ()  # (name, code) per code cell
    markdown: str = ""  # markdown cells joined, each after a marker line
    error: str = ""


def read_notebook(text: str, *, name: str) -> Notebook:
    try:
        node = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as exc:
        return Notebook(error=f"not a notebook: the file is not valid JSON ({_short(exc)})")
    except Exception as exc:  # nbformat raises many types for malformed notebooks
        return Notebook(error=f"not a readable notebook ({type(exc).__name__}: {_short(exc)})")
    cells = node.get("cells")
    if not isinstance(cells, list):
        return Notebook(error="not a readable notebook (no list of cells)")
    code: list[tuple[str, str]] = []
    markdown: list[str] = []
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        kind = cell.get("cell_type")
        if kind == "code":
            code.append((f"{name} cell {number}", _strip_magics(source)))
        elif kind == "markdown" and source.strip():
            markdown.append(source)
    return Notebook(tuple(code), "\n\n".join(markdown))


def _strip_magics(source: str) -> str:
    """IPython magics and shell escapes are not Python; blank them (keeping line numbers)."""
    return "\n".join(
        "" if line.lstrip().startswith(_MAGIC_PREFIXES) else line for line in source.splitlines()
    )


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
