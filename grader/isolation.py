"""Run one of the grader's own pure functions in a forked child, under CPU, memory and
wall-clock limits, and get its JSON-able result back.

Used for written parts: the math engine and the prose matcher only ever see student text
as data, but a pathological expression could still make one SymPy call run long or eat
memory. In a child, a time-out or a limit hit becomes "needs review" for that question
instead of a stalled batch. (Student *code* never comes here: it runs in the sandbox.)
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_REPLY = 16_000_000


@dataclass(frozen=True)
class Failed:
    reason: str  # "time limit of 30 s reached", "ran out of memory or CPU time"


def run_isolated(
    job: Callable[[], Any], *, wall_s: float = 30.0, cpu_s: int = 30, memory_mb: int = 2048
) -> Any | Failed:
    """``job()`` in a forked child; its JSON result, or Failed with the reason."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (runs in the child; its effects are tested)
        os.close(read_fd)
        _child(job, write_fd, cpu_s, memory_mb)
    os.close(write_fd)
    try:
        data = _read_until(read_fd, time.monotonic() + wall_s)
    finally:
        os.close(read_fd)
        _reap(pid)
    if data is None:
        return Failed(f"time limit of {wall_s:g} s reached")
    if not data:
        return Failed("ran out of memory or CPU time")
    reply = json.loads(data)
    if "error" in reply:
        return Failed(f"the grader failed (a bug, not the student's mistake):\n{reply['error']}")
    return reply["value"]


def _child(job: Callable[[], Any], fd: int, cpu_s: int, memory_mb: int) -> None:
    code = 1
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            reply: dict[str, Any] = {"value": job()}
        except Exception:
            reply = {"error": traceback.format_exc(limit=8)}
        payload = json.dumps(reply, default=str).encode()
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        code = 0
    except BaseException:  # any failure: the parent sees an empty reply
        code = 1
    finally:
        os._exit(code)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until EOF, or None if the deadline passes first."""
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_REPLY:
            return b""
        chunks.append(chunk)


def _reap(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
