"""On the trusted side: turn a child's exit report and result bytes into a CallOutcome.

The zygote's report (deadline, signal, CPU time) decides time-outs and crashes; only
then is the child's result record read, as untrusted data: every field is checked and
decoded by ``codec`` with its caps. Exit codes and stdout never decide anything.
"""

from __future__ import annotations

import signal
from typing import Any

from grader.errors import InternalError
from grader.sandbox import codec
from grader.sandbox.frames import Message
from grader.sandbox.outcome import CallOutcome, Limits, Status

MAX_RESULT_BYTES = 16 * 1024 * 1024
MAX_TEXT = 20_000
_CHILD_STATUSES = frozenset(
    {"ok", "raised", "memory", "no_result", "bad_output", "missing_function", "forbidden_import"}
)
_SIGNALS = {
    signal.SIGSEGV: "a segmentation fault (SIGSEGV), for example through too deep recursion",
    signal.SIGBUS: "a bus error (SIGBUS)",
    signal.SIGABRT: "an abort (SIGABRT)",
    signal.SIGFPE: "a floating-point exception (SIGFPE)",
    signal.SIGILL: "an illegal instruction (SIGILL)",
}


def outcome(done: Message, result: bytes, stdout: str, limits: Limits) -> CallOutcome:
    """The outcome of one call; raises InternalError if the child could not be confined."""
    if done.get("setup") != "ok":
        raise InternalError(f"the sandbox could not confine a child: {done.get('setup')}")
    base: dict[str, Any] = {"stdout": stdout, "duration_s": float(done["duration_s"])}
    killed = _killed(done, limits)
    if killed is not None:
        return CallOutcome(status=killed[0], error=killed[1], **base)
    if not result:
        error = "the code ended the process before the function returned a result"
        if done.get("code") is not None:
            error += f" (exit status {done['code']}): do not call sys.exit(), exit() or os._exit()"
        return CallOutcome(status="no_result", error=error, **base)
    try:
        return _from_record(codec.parse(result, max_bytes=MAX_RESULT_BYTES), limits, base)
    except codec.NotData as exc:
        return CallOutcome(
            status="bad_output", error=f"the result could not be read: {exc}", **base
        )


def _killed(done: Message, limits: Limits) -> tuple[Status, str] | None:
    if done["timed_out"]:
        return "timeout", f"time limit {limits.wall_s:g} s exceeded"
    number = done.get("signal")
    if number is None:
        return None
    if number == signal.SIGXCPU or float(done["cpu_s"]) >= limits.cpu_s:
        return "timeout", f"CPU time limit {limits.cpu_s} s exceeded"
    name = _SIGNALS.get(number) or f"signal {_signal_name(number)}"
    return "crashed", f"the process crashed with {name}"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _from_record(record: Any, limits: Limits, base: dict[str, Any]) -> CallOutcome:
    if type(record) is not dict or record.get("status") not in _CHILD_STATUSES:
        raise codec.NotData("malformed result record")
    status: Status = record["status"]
    error = _text(record.get("error", ""))
    if status == "memory":
        error = f"memory limit {limits.memory_mb} MB exceeded" + (f"\n{error}" if error else "")
    fields: dict[str, Any] = {
        "error": error,
        "warnings": tuple(_text(w) for w in _list(record.get("warnings", []))),
        "source_errors": tuple(_pair(p) for p in _list(record.get("source_errors", []))),
    }
    if status == "ok":
        fields["value"] = codec.from_json(record.get("value"))
        fields["args_after"] = tuple(codec.from_json(_list(record.get("args_after"))))
    return CallOutcome(status=status, **fields, **base)


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise codec.NotData("malformed result record")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise codec.NotData("malformed result record")
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 3] + "..."


def _pair(value: Any) -> tuple[str, str]:
    if type(value) is not list or len(value) != 2:
        raise codec.NotData("malformed result record")
    return _text(value[0]), _text(value[1])
