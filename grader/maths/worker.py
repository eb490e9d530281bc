"""Run a comparison in a forked worker under CPU, memory and wall-clock limits.

The in-process `compare` is already bounded by static limits and a time budget; this is the
belt and braces for batch grading of hostile input, on the grader's one fork runner
(`grader.isolation.run_isolated`: RLIMIT_AS and RLIMIT_CPU in the child, a wall-clock
deadline in the parent, then SIGKILL). Only JSON crosses back (never pickle), and a
time-out or a limit hit is "needs_review", never "not_equivalent".
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

from grader.isolation import Failed, run_isolated
from grader.maths.compare import Form, compare
from grader.maths.symbols import SymbolTable
from grader.maths.verdicts import Mistake, Verdict

DEFAULT_TIMEOUT = 5.0
DEFAULT_MEMORY = 1_500_000_000
_STATUSES = frozenset(
    {"equivalent", "not_equivalent", "dimension_error", "transposed", "invalid", "needs_review"}
)
_PROOFS = frozenset({"proved", "probabilistic", "witness", "shape", "none"})


def compare_isolated(
    student: str,
    expected: str,
    table: SymbolTable,
    *,
    use_definitions: bool = True,
    form: Form = "any",
    timeout: float = DEFAULT_TIMEOUT,
    memory_bytes: int = DEFAULT_MEMORY,
) -> Verdict:
    """`compare` in a child process; needs_review if it runs out of time or memory."""
    job = partial(_compare_data, student, expected, table, use_definitions, form)
    data = run_isolated(
        job, wall_s=timeout, cpu_s=int(timeout) + 1, memory_mb=memory_bytes // 1_000_000
    )
    if isinstance(data, Failed):
        return Verdict("needs_review", "none", f"the checker stopped: {data.reason}")
    return _verdict_from_data(data)


def _compare_data(
    student: str, expected: str, table: SymbolTable, use_definitions: bool, form: Form
) -> dict[str, Any]:
    return asdict(compare(student, expected, table, use_definitions=use_definitions, form=form))


def _verdict_from_data(data: Any) -> Verdict:
    """Rebuild a Verdict from the child's JSON data, checking every field's type."""
    try:
        status, proof, message = data["status"], data["proof"], data["message"]
        if status not in _STATUSES or proof not in _PROOFS or not isinstance(message, str):
            raise ValueError("bad verdict")
        mistake = data.get("mistake")
        witness = data.get("witness")
        bound = data.get("false_pass_bound")
        return Verdict(
            status,
            proof,
            message,
            float(bound) if isinstance(bound, int | float) else None,
            {str(k): str(v) for k, v in witness.items()} if isinstance(witness, dict) else None,
            Mistake(str(mistake["name"]), str(mistake["description"]), bool(mistake["one_factor"]))
            if isinstance(mistake, dict)
            else None,
            bool(data.get("has_unevaluated_derivative", False)),
        )
    except (ValueError, KeyError, TypeError):
        return Verdict("needs_review", "none", "the checker returned an unreadable result")
