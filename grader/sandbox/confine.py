"""Inside the child, before any student code: the isolation steps, in order.

1. new session; stdin from /dev/null, stdout and stderr to the output memfd, every other
   fd closed except the request, result and setup-status fds;
2. (root) a private mount namespace with a small tmpfs on /tmp and /dev/shm, else a
   per-call scratch directory made by the zygote; either becomes the working directory;
3. rlimits: CPU (soft, hard = soft + 1), address space, file size, open files, no core,
   and processes when the child runs under its slot's own uid;
4. (root) supplementary groups, gid and uid dropped to the slot's uid;
5. parent-death signal, no new privileges, not dumpable;
6. Landlock, where the kernel has it;
7. seccomp filter: no sockets, no fork or exec, no ptrace, no signals to other processes.

The network namespace is entered once by the zygote (see ``zygote``), not per child.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import resource
import signal
import tempfile
from dataclasses import dataclass

from grader.sandbox import landlock, seccomp

REQUEST_FD = 3
RESULT_FD = 4
SETUP_FD = 5
NOFILE = 64
NPROC = 64

_CLONE_NEWNS = 0x00020000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 2, 4, 8
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_NO_NEW_PRIVS = 1, 4, 38

_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Plan:
    """What to apply in one child: the call's limits and the slot's layers."""

    cpu_s: int
    memory_mb: int
    file_mb: int
    scratch: str  # working directory: "/tmp" inside a private tmpfs, or a scratch dir
    private_tmp: bool  # mount a private tmpfs on scratch and /dev/shm
    uid: int | None  # drop to this uid (and gid) when set
    landlock_abi: int  # 0 = off
    readable: tuple[str, ...]  # read-only under Landlock: stdlib and NumPy
    seccomp: bool
    zygote_pid: int


def enter(plan: Plan, request: int, result: int, output: int, setup: int) -> None:
    """Apply every step of ``plan`` to the current (freshly forked) process."""
    os.setsid()
    _arrange_fds(request, result, output, setup)
    if plan.private_tmp:
        _mount_private_tmp(plan.scratch, plan.file_mb)
    os.chdir(plan.scratch)
    os.environ["TMPDIR"] = plan.scratch
    tempfile.tempdir = plan.scratch
    _set_rlimits(plan)
    if plan.uid is not None:
        os.setgroups([])
        os.setresgid(plan.uid, plan.uid, plan.uid)
        os.setresuid(plan.uid, plan.uid, plan.uid)
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != plan.zygote_pid:
        os._exit(1)  # the zygote died between fork and now
    _prctl(_PR_SET_NO_NEW_PRIVS, 1)
    _prctl(_PR_SET_DUMPABLE, 0)
    if plan.landlock_abi:
        landlock.restrict(plan.landlock_abi, writable=_writable(plan), readable=plan.readable)
    if plan.seccomp:
        seccomp.install(os.getpid())


def _arrange_fds(request: int, result: int, output: int, setup: int) -> None:
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 16) for fd in (request, result, output, setup)]
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for target, fd in zip((REQUEST_FD, RESULT_FD, 1, SETUP_FD), high, strict=True):
        os.dup2(fd, target)
    os.dup2(1, 2)
    os.closerange(SETUP_FD + 1, os.sysconf("SC_OPEN_MAX"))


def _mount_private_tmp(path: str, size_mb: int) -> None:
    _check(_libc.unshare(_CLONE_NEWNS))
    _check(_libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None))
    options = f"size={size_mb}m,nr_inodes=4096,mode=1777".encode()
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    _check(_libc.mount(b"tmpfs", path.encode(), b"tmpfs", flags, options))
    if os.path.isdir("/dev/shm"):
        _check(_libc.mount(path.encode(), b"/dev/shm", None, _MS_BIND, None))


def _writable(plan: Plan) -> list[str]:
    paths = [plan.scratch]
    if plan.private_tmp and os.path.isdir("/dev/shm"):
        paths.append("/dev/shm")
    return paths


def _set_rlimits(plan: Plan) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_CPU, (plan.cpu_s, plan.cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_AS, (plan.memory_mb * mb, plan.memory_mb * mb))
    resource.setrlimit(resource.RLIMIT_FSIZE, (plan.file_mb * mb, plan.file_mb * mb))
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if plan.uid is not None:  # NPROC counts every process of the uid: only an own uid
        resource.setrlimit(resource.RLIMIT_NPROC, (NPROC, NPROC))


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0))


def _check(result: int) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
