"""Static import check: only NumPy and the standard library may be imported.

The source is parsed with ``ast`` (never executed). The sandbox enforces the same rule at
run time; this check names the import in the feedback even when the package happens to
be installed, and costs the file's functions their points as the paper says.
"""

from __future__ import annotations

import ast
import sys

ALLOWED = frozenset(sys.stdlib_module_names) | {"numpy"}
_DYNAMIC = {"__import__", "import_module"}


def forbidden_imports(source: str) -> list[str]:
    """Top-level names of disallowed imports in ``source`` (empty if it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # reported by the sandbox with its line number
    found: list[str] = []
    for node in ast.walk(tree):
        for name in _imported(node):
            top = name.split(".")[0]
            if top and top not in ALLOWED and top not in found:
                found.append(top)
    return found


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""] if node.level == 0 else []
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else ""
        )
        first = node.args[0]
        if name in _DYNAMIC and isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [first.value]
    return []


def defines(source: str, function: str) -> bool:
    """Whether ``source`` defines ``function`` at top level (by parsing, not running)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return f"def {function}" in source
    return any(
        (isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == function)
        or (
            isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == function for t in n.targets)
        )
        for n in tree.body
    )


def function_text(source: str, function: str) -> str:
    """The source text of the top-level ``def function`` in ``source`` ('' if none)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            return ast.get_source_segment(source, node) or ""
    return ""
