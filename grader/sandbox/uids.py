"""Exclusive uids for the slots of every sandbox on this machine (when running as root).

Reap-by-uid kills every process of a slot's uid, so a uid must never be shared: not
with a user account, not with another slot, not with another grader process. Each uid is
leased with an exclusive ``flock`` on ``/run/grader-sandbox/uid-N.lock``; the kernel
drops the lock when the holder dies, so a crashed grader leaks no lease. A released
lease removes its lock file while still holding the lock; a locker checks that the file
it locked is still the one at that path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
from dataclasses import dataclass, field

from grader.errors import InternalError

UID_FIRST = 61001
UID_COUNT = 1000
LOCK_DIR = "/run/grader-sandbox"


@dataclass
class UidLease:
    uids: list[int] = field(default_factory=list)
    _fds: list[int] = field(default_factory=list)

    def release(self) -> None:
        for uid, fd in zip(self.uids, self._fds, strict=True):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(_lock_path(uid))
            os.close(fd)
        self._fds.clear()
        self.uids.clear()
        with contextlib.suppress(OSError):  # leave nothing behind; kept while others hold leases
            os.rmdir(LOCK_DIR)


def lease(count: int) -> UidLease:
    """Lease ``count`` uids no account and no other sandbox uses."""
    os.makedirs(LOCK_DIR, mode=0o700, exist_ok=True)
    held = UidLease()
    for uid in range(UID_FIRST, UID_FIRST + UID_COUNT):
        fd = _try_lock(uid)
        if fd is not None:
            held.uids.append(uid)
            held._fds.append(fd)
        if len(held.uids) == count:
            return held
    held.release()
    raise InternalError(f"no {count} free sandbox uids in {UID_FIRST}..{UID_FIRST + UID_COUNT}")


def _try_lock(uid: int) -> int | None:
    if _has_account(uid):
        return None
    path = _lock_path(uid)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except FileNotFoundError:  # another sandbox removed the empty folder meanwhile
        os.makedirs(LOCK_DIR, mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.stat(path).st_ino == os.fstat(fd).st_ino:
            return fd
    except (BlockingIOError, FileNotFoundError):
        pass  # held by another sandbox, or released and removed meanwhile
    os.close(fd)
    return None


def _lock_path(uid: int) -> str:
    return f"{LOCK_DIR}/uid-{uid}.lock"


def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True
