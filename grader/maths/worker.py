"""Run a comparison in a forked worker under CPU, memory and wall-clock limits.

The in-process `compare` is already bounded by static limits and a time budget; this is the
belt and braces for batch grading of hostile input: RLIMIT_AS and RLIMIT_CPU in the child, a
wall-clock deadline in the parent, then SIGKILL. Only JSON crosses back (never pickle), and
a time-out or a limit hit is "needs_review", never "not_equivalent".
"""

from __future__ import annotations

import json
import multiprocessing
import resource
from dataclasses import asdict
from multiprocessing.connection import Connection
from typing import Any

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
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    job = (student, expected, table, use_definitions, form)
    proc = ctx.Process(target=_child, args=(sender, job, timeout, memory_bytes), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return Verdict("needs_review", "none", f"time limit ({timeout:g} s) reached")
        try:
            payload = receiver.recv_bytes(1_000_000)
        except (EOFError, OSError):
            return Verdict("needs_review", "none", "the checker ran out of memory or CPU time")
        return _verdict_from_json(payload)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)
        receiver.close()


def _child(
    sender: Connection,
    job: tuple[str, str, SymbolTable, bool, Form],
    timeout: float,
    memory_bytes: int,
) -> None:
    cpu = int(timeout) + 1
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    student, expected, table, use_definitions, form = job
    try:
        verdict = compare(student, expected, table, use_definitions=use_definitions, form=form)
    except MemoryError:
        verdict = Verdict("needs_review", "none", "the checker ran out of memory")
    sender.send_bytes(json.dumps(asdict(verdict)).encode())
    sender.close()


def _verdict_from_json(payload: bytes) -> Verdict:
    """Rebuild a Verdict from the child's JSON, checking every field's type."""
    try:
        data: Any = json.loads(payload)
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
