"""The zygote: a secret-free, warmed worker that forks one confined child per call.

Started by the grader as ``python -m grader.sandbox.zygote CONFIG`` with a clean
environment. It imports only the standard library, NumPy and ``grader.sandbox`` (never a
spec, reference or submission), preloads what students import, warms NumPy, makes itself
not dumpable and (as root) enters a fresh network namespace whose only interface is a
loopback that is down. Then, per ``call`` message: fork; the child confines itself
(``confine``), reads its request from a memfd, runs the ``harness`` and writes its
result to another memfd; the zygote enforces the wall-clock deadline, kills the child's
process group, reaps everything the slot's uid left behind, removes the scratch
directory and reports the exit status (never the result, which it does not see).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import platform
import select
import shutil
import signal
import socket
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any, NoReturn

from grader.sandbox import codec, confine, frames, harness, imports, landlock, seccomp
from grader.sandbox.frames import Message

SETUP_FAILED = 70
_CLONE_NEWNET = 0x40000000  # the zygote's netns is shared by its children: lo stays down
_PR_SET_DUMPABLE = 4


class GraderGone(Exception):
    """The grader closed its end of the socket (or broke the protocol) mid-call."""


@dataclass(frozen=True)
class Setup:
    """The layers this zygote's children get, decided once at start-up."""

    uid: int | None
    private_tmp: bool
    landlock_abi: int
    readable: tuple[str, ...]
    seccomp: bool
    scratch_base: str


def main(argv: list[str]) -> int:
    config: dict[str, Any] = json.loads(argv[1])
    sock = socket.socket(fileno=config["sock_fd"])
    try:
        setup, layers = prepare(config)
    except BaseException:  # report any start-up failure to the grader, then give up
        frames.send(sock, {"op": "error", "message": traceback.format_exc()[-8000:]})
        return 1
    frames.send(sock, {"op": "ready", "pid": os.getpid(), "layers": layers})
    with contextlib.suppress(GraderGone):
        serve(sock, setup)
    return 0


def prepare(config: dict[str, Any]) -> tuple[Setup, dict[str, str]]:
    """Harden and warm this process; decide and describe the layers of its children.

    ``config``: ``uid`` (the slot's uid, or None), ``privileged`` (running as root),
    ``disabled`` (layer names turned off for testing), ``scratch_base``.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    wanted = _Wanted(config)
    layers = {"zygote": f"on (pid {os.getpid()}; numpy and the standard library only)"}
    layers["netns"] = wanted.why_not("netns", root=True) or _enter_netns(libc)
    imports.preload()
    warm_up()
    uid = config["uid"] if not wanted.why_not("uid", root=True) else None
    if uid is not None:
        reap_uid(uid)  # leftovers of a grader that died
    abi = landlock.abi_version() if not wanted.why_not("landlock") else 0
    machine = platform.machine()
    setup = Setup(
        uid=uid,
        private_tmp=not wanted.why_not("tmpfs", root=True),
        landlock_abi=abi,
        readable=tuple(_readable()),
        seccomp=not wanted.why_not("seccomp") and seccomp.supported(),
        scratch_base=config["scratch_base"],
    )
    layers["uid"] = wanted.why_not("uid", root=True) or f"on (uid {uid})"
    layers["tmpfs"] = wanted.why_not("tmpfs", root=True) or "on (private /tmp and /dev/shm)"
    if not setup.private_tmp:
        layers["tmpfs"] += "; a scratch directory per call, each file capped"
    no_landlock = "off (no Landlock in this kernel)" if not abi else ""
    layers["landlock"] = wanted.why_not("landlock") or no_landlock or f"on (ABI {abi})"
    no_seccomp = "" if seccomp.supported() else f"off (unsupported architecture {machine})"
    layers["seccomp"] = wanted.why_not("seccomp") or no_seccomp or f"on ({machine})"
    limited = "CPU, address space, file size, open files, core"
    layers["rlimits"] = f"on ({limited}" + (", processes)" if uid is not None else ")")
    layers["dumpable"] = "off (zygote and children cannot be ptraced)"
    gc.collect()
    gc.freeze()  # keep the warmed heap shared between zygote and children
    return setup, layers


class _Wanted:
    """Which layers the grader asked for, and why one is off."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.privileged = bool(config["privileged"])
        self.disabled = frozenset(config["disabled"])

    def why_not(self, layer: str, *, root: bool = False) -> str:
        if layer in self.disabled:
            return "off (disabled)"
        if root and not self.privileged:
            return "off (needs root)"
        return ""


def _enter_netns(libc: ctypes.CDLL) -> str:
    if libc.unshare(_CLONE_NEWNET) != 0:
        return f"off (unshare failed: {os.strerror(ctypes.get_errno())})"
    return "on (no interface up)"


def _readable() -> list[str]:
    """Where the standard library and NumPy live (read-only for children)."""
    import sysconfig

    import numpy

    paths = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib")}
    numpy_dir = os.path.dirname(numpy.__file__)
    return sorted(paths | {numpy_dir, numpy_dir + ".libs"})


def warm_up() -> None:
    """One call's worth of work in the zygote, so children start with warm caches."""
    import io

    import numpy as np

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    source = (
        "import numpy as np\n"
        "def f(X, y):\n"
        "    beta = np.linalg.lstsq(X, y, rcond=None)[0]\n"
        "    np.exp(np.array([1e4]))\n"
        "    return beta, (float(beta[0]), np.float64(1.0)), {'k': [1, None, True]}\n"
        "def g(X, y):\n"
        "    raise ValueError(np.linalg.solve(X.T @ X, X.T @ y))\n"
    )
    for function in ("f", "g"):
        request = {
            "sources": [["warm.py", source], ["bad.py", "x = = 1"]],
            "function": function,
            "args": codec.encode([x, y]),
            "kwargs": codec.encode({}),
        }
        record = codec.parse(
            harness.dump(harness.execute(request, confined=False)), max_bytes=1 << 20
        )
        codec.from_json(record.get("value"))
    buffer = io.BytesIO()
    np.save(buffer, x)
    buffer.seek(0)
    np.load(buffer)
    time.localtime()
    sys.modules.pop(harness.STUDENT_MODULE, None)


def serve(sock: socket.socket, setup: Setup) -> None:
    calls = 0
    while True:
        message, fds = frames.recv(sock)
        if message is None:
            return
        if message.get("op") != "call" or len(fds) != 3:
            raise GraderGone  # a protocol error: nothing sensible to do but stop
        calls += 1
        frames.send(sock, run_call(sock, setup, message, fds, calls))


def run_call(
    sock: socket.socket, setup: Setup, message: Message, fds: list[int], number: int
) -> Message:
    limits = message["limits"]
    scratch = _make_scratch(setup, number)
    plan = confine.Plan(
        cpu_s=limits["cpu_s"],
        memory_mb=limits["memory_mb"],
        file_mb=limits["file_mb"],
        scratch=scratch,
        private_tmp=setup.private_tmp,
        uid=setup.uid,
        landlock_abi=setup.landlock_abi,
        readable=setup.readable,
        seccomp=setup.seccomp,
        zygote_pid=os.getpid(),
    )
    setup_r, setup_w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(plan, fds, setup_w, limits["output_kb"])
    for fd in [*fds, setup_w]:
        os.close(fd)
    try:
        return _supervise(sock, setup.uid, pid, limits["wall_s"], start) | {
            "setup": _read_setup(setup_r)
        }
    finally:
        os.close(setup_r)
        if not setup.private_tmp:
            shutil.rmtree(scratch, ignore_errors=True)


def _supervise(
    sock: socket.socket, uid: int | None, pid: int, wall_s: float, start: float
) -> Message:
    try:
        timed_out = _wait(sock, pid, start + wall_s)
    finally:
        _kill_group(pid)
        _, status, usage = os.wait4(pid, 0)
        if uid is not None:
            reap_uid(uid)
    return {
        "op": "done",
        "timed_out": timed_out,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "duration_s": time.monotonic() - start,
    }


def _wait(sock: socket.socket, pid: int, deadline: float) -> bool:
    """Wait until the child exits (False) or the deadline passes (True)."""
    pidfd = os.pidfd_open(pid)
    try:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        poller.register(sock, select.POLLIN)
        while (left := deadline - time.monotonic()) > 0:
            for fd, _ in poller.poll(max(1, int(left * 1000))):
                if fd == pidfd:
                    return False
                raise GraderGone  # nothing may arrive mid-call but end-of-file
        return True
    finally:
        os.close(pidfd)


def _kill_group(pid: int) -> None:
    """Kill the child's process group; the child is unreaped, so the id is not reused."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def reap_uid(uid: int) -> None:
    """Kill every process of ``uid``: as root, become that uid for one ``kill(-1)``.

    The saved uid stays 0, so the zygote can return to root; the zygote is
    single-threaded, so no other thread runs under the slot uid meanwhile.
    """
    os.setresuid(uid, uid, 0)
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    finally:
        os.setresuid(0, 0, 0)


def _make_scratch(setup: Setup, number: int) -> str:
    if setup.private_tmp:
        return "/tmp"
    path = os.path.join(setup.scratch_base, f"call-{number}")
    os.mkdir(path, 0o700)
    if setup.uid is not None:
        os.chown(path, setup.uid, setup.uid)
    return path


def _read_setup(fd: int) -> str:
    os.set_blocking(fd, False)
    try:
        return os.read(fd, 4096).decode("utf-8", "replace") or "no setup status"
    except BlockingIOError:
        return "no setup status"


def _child(plan: confine.Plan, fds: list[int], setup_w: int, output_kb: int) -> NoReturn:
    """The forked child: confine, report setup, run the harness, write the result."""
    try:
        request, result, output = fds
        confine.enter(plan, request, result, output, setup_w)
    except BaseException as exc:  # report why confinement failed, run nothing
        _write_setup(f"{type(exc).__name__}: {exc}".encode())
        os._exit(SETUP_FAILED)
    _write_setup(b"ok")
    os.close(confine.SETUP_FD)
    _run_harness(output_kb)


def _write_setup(data: bytes) -> None:
    with contextlib.suppress(OSError):
        os.write(confine.SETUP_FD, data)


def _run_harness(output_kb: int) -> NoReturn:
    sys.stdout = sys.stderr = harness.CappedOutput(1, output_kb * 1024)
    try:
        request = json.loads(_read_all(confine.REQUEST_FD))
        os.close(confine.REQUEST_FD)
        data = harness.dump(harness.execute(request))
    except MemoryError:
        data = harness.MEMORY_RECORD
    except BaseException:  # student code broke the harness (e.g. patched json)
        data = harness.BROKEN_RECORD
    try:
        harness.write_result(confine.RESULT_FD, data)
    finally:
        os._exit(0)


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    return os.pread(fd, size, 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
