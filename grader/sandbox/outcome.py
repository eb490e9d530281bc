"""The sandbox's public value types: what goes in (sources, limits) and what comes out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Status = Literal[
    "ok",
    "raised",
    "timeout",
    "memory",
    "crashed",
    "no_result",
    "bad_output",
    "missing_function",
    "forbidden_import",
]


@dataclass(frozen=True)
class Source:
    """One unit of student code; a call executes its sources in order into one module."""

    name: str  # e.g. "ols.py" or "notebook.ipynb[cell 3]"; shown in tracebacks
    text: str


@dataclass(frozen=True)
class Limits:
    """Per-call resource limits; each one exceeded is named in the outcome's ``error``."""

    wall_s: float = 5.0
    cpu_s: int = 4
    memory_mb: int = 1024
    output_kb: int = 64
    file_mb: int = 16

    def __post_init__(self) -> None:
        for name in ("wall_s", "cpu_s", "memory_mb", "output_kb", "file_mb"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive, not {getattr(self, name)!r}")


@dataclass(frozen=True)
class CallOutcome:
    """What one call of student code did, as plain data decoded on the trusted side.

    ``value`` and ``args_after`` hold only None, bool, int, float, str, lists, tuples,
    dicts with str keys, NumPy arrays and NumPy scalars of kinds b, i, u, f, c.
    ``stdout`` is for display only and is never interpreted.
    """

    status: Status
    value: Any = None
    args_after: tuple[Any, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""
    source_errors: tuple[tuple[str, str], ...] = ()
    stdout: str = ""
    duration_s: float = 0.0
