"""The grader's side of the sandbox: slots, each a zygote process, and ``Sandbox.call``.

Each call hands the zygote three memfds: the request (sources and arguments, written
here), the result and the captured output (read here after the child has gone). Only
limits and exit reports pass through the zygote itself.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from grader.errors import InternalError
from grader.sandbox import codec, frames, uids, verdict
from grader.sandbox.outcome import CallOutcome, Limits, Source

STARTUP_TIMEOUT_S = 60.0
REPLY_GRACE_S = 10.0
DEFAULT_LIMITS = Limits()
# For tests and `grader doctor` only: behave as without root ("1"); turn layers off
# ("seccomp,landlock,netns,uid,tmpfs"). Layers turned off show as "off (disabled)".
UNPRIVILEGED_ENV = "GRADER_SANDBOX_UNPRIVILEGED"
DISABLE_ENV = "GRADER_SANDBOX_DISABLE"


class Sandbox:
    """Runs student code in confined children of warmed, secret-free zygotes.

    Use as a context manager. ``call`` is thread-safe: each call takes a free slot (one
    zygote) for its duration, so up to ``slots`` calls run at once.
    """

    def __init__(self, *, slots: int = 1, limits: Limits = DEFAULT_LIMITS) -> None:
        if slots < 1:
            raise ValueError(f"slots must be at least 1, not {slots}")
        self.limits = limits
        self._count = slots
        self._zygotes: list[_Zygote] = []
        self._free: queue.Queue[_Zygote] = queue.Queue()
        self._lease: uids.UidLease | None = None
        self._scratch = ""

    def __enter__(self) -> Sandbox:
        try:
            self._start()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop()

    @property
    def layers(self) -> dict[str, str]:
        """The isolation layers active in this sandbox's children."""
        if not self._zygotes:
            raise InternalError("Sandbox.layers used outside 'with Sandbox(...)'")
        return dict(self._zygotes[0].layers)

    def call(
        self,
        sources: Sequence[Source],
        function: str,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        limits: Limits | None = None,
    ) -> CallOutcome:
        """Exec ``sources`` into a fresh module in a fresh child and call ``function``."""
        if not self._zygotes:
            raise InternalError("Sandbox.call used outside 'with Sandbox(...)'")
        request = _request(sources, function, args, kwargs)
        zygote = self._free.get()
        try:
            return zygote.call(request, limits or self.limits)
        finally:
            self._free.put(zygote)

    def _start(self) -> None:
        privileged = os.geteuid() == 0 and os.environ.get(UNPRIVILEGED_ENV) != "1"
        self._scratch = tempfile.mkdtemp(prefix="grader-sandbox-")
        os.chmod(self._scratch, 0o711)
        slot_uids: list[int | None] = [None] * self._count
        if privileged:
            self._lease = uids.lease(self._count)
            slot_uids = list(self._lease.uids)
        for uid in slot_uids:
            self._zygotes.append(_Zygote(_config(uid, self._scratch, privileged=privileged)))
        for zygote in self._zygotes:
            zygote.start()
        for zygote in self._zygotes:
            zygote.wait_ready()
            self._free.put(zygote)

    def _stop(self) -> None:
        for zygote in self._zygotes:
            zygote.stop()
        self._zygotes.clear()
        self._free = queue.Queue()
        if self._lease is not None:
            self._lease.release()
            self._lease = None
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = ""


def layers() -> dict[str, str]:
    """Which isolation layers work on this machine (starts and stops a one-slot sandbox)."""
    with Sandbox(slots=1) as sandbox:
        return sandbox.layers


def _config(uid: int | None, scratch: str, *, privileged: bool) -> dict[str, Any]:
    disabled = os.environ.get(DISABLE_ENV, "")
    return {
        "uid": uid,
        "privileged": privileged,
        "disabled": [name.strip() for name in disabled.split(",") if name.strip()],
        "scratch_base": scratch,
    }


def _request(
    sources: Sequence[Source], function: str, args: Sequence[Any], kwargs: Mapping[str, Any] | None
) -> bytes:
    try:
        payload = {
            "sources": [[s.name, s.text] for s in sources],
            "function": function,
            "args": codec.encode(list(args)),
            "kwargs": codec.encode(dict(kwargs or {})),
        }
    except codec.NotData as exc:
        raise InternalError(f"sandbox arguments must be plain data: {exc}") from None
    return json.dumps(payload, separators=(",", ":")).encode()


class _Zygote:
    """One slot: a zygote process and the socket to it."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.layers: dict[str, str] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._sock: Any = None
        self._stderr: IO[bytes] | None = None

    def start(self) -> None:
        ours, theirs = frames.pair()
        config = self.config | {"sock_fd": theirs.fileno()}
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the zygote)
        command = [sys.executable, "-s", "-B", "-m", "grader.sandbox.zygote", json.dumps(config)]
        self._process = subprocess.Popen(
            command,
            pass_fds=[theirs.fileno()],
            env=_zygote_env(),
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        theirs.close()
        self._sock = ours

    def wait_ready(self) -> None:
        self._sock.settimeout(STARTUP_TIMEOUT_S)
        message, fds = frames.recv(self._sock)
        _close_all(fds)
        if message is None or message.get("op") != "ready":
            detail = message.get("message") if message else self._stderr_text()
            raise InternalError(f"the sandbox zygote did not start:\n{detail}")
        self.layers = message["layers"]

    def call(self, request: bytes, limits: Limits) -> CallOutcome:
        fds = [_memfd("grader-request", request), _memfd("grader-result"), _memfd("grader-out")]
        try:
            done = self._exchange(fds, limits)
            result = _read(fds[1], verdict.MAX_RESULT_BYTES + 1)
            stdout = _read_text(fds[2], limits.output_kb * 1024)
        finally:
            _close_all(fds)
        return verdict.outcome(done, result, stdout, limits)

    def _exchange(self, fds: list[int], limits: Limits) -> frames.Message:
        message = {"op": "call", "limits": asdict(limits)}
        try:
            frames.send(self._sock, message, fds)
        except OSError:  # the zygote died since the last call: nothing ran yet, so retry
            self._restart()
            frames.send(self._sock, message, fds)
        try:
            self._sock.settimeout(limits.wall_s + REPLY_GRACE_S)
            done, extra = frames.recv(self._sock)
        except OSError as exc:
            self._restart()
            raise InternalError(f"the sandbox zygote failed: {exc}") from exc
        _close_all(extra)
        if done is None or done.get("op") != "done":
            self._restart()
            raise InternalError(f"the sandbox zygote failed:\n{self._stderr_text()}")
        return done

    def _restart(self) -> None:
        self.stop()
        self.start()
        self.wait_ready()

    def stop(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read(8000).decode("utf-8", "replace")


def _zygote_env() -> dict[str, str]:
    """A clean environment: nothing of the grader's, one BLAS thread."""
    package_root = str(Path(__file__).resolve().parents[2])
    single = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    return single | {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": "/nonexistent",
        "PYTHONPATH": package_root,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
    }


def _memfd(name: str, data: bytes = b"") -> int:
    fd = os.memfd_create(name, os.MFD_CLOEXEC)
    _write_all(fd, data)
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, limit: int) -> bytes:
    return os.pread(fd, min(limit, os.fstat(fd).st_size), 0)


def _read_text(fd: int, limit: int) -> str:
    size = os.fstat(fd).st_size
    text = _read(fd, limit).decode("utf-8", "replace")
    if size > limit:
        text += f"\n[output truncated after {limit} bytes]"
    return text


def _close_all(fds: Sequence[int]) -> None:
    for fd in fds:
        os.close(fd)
