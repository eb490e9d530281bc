"""Helpers shared by the sandbox tests: calls, a control part, host-cleanliness checks."""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

from grader.sandbox import CallOutcome, Limits, Sandbox, Source

CONTROL = (
    "import numpy as np\ndef fit_ols(X, y):\n    return np.linalg.lstsq(X, y, rcond=None)[0]\n"
)
WATCHED = ("/tmp", "/dev/shm", "/var/tmp")
ATTACK_FILES = frozenset({"big", "results.json", "pwned", "0", "1"})


def call(box: Sandbox, text: str, function: str, *args: Any, **kw: Any) -> CallOutcome:
    limits: Limits | None = kw.pop("limits", None)
    name = kw.pop("name", "sub.py")
    return box.call([Source(name, text)], function, args, kw or None, limits=limits)


def check_control(box: Sandbox) -> None:
    """Another part, graded after an attack, still gets exactly the right outcome."""
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    for _ in range(2):  # both slots, whichever the attack used
        outcome = call(box, CONTROL, "fit_ols", x, y)
        assert outcome.status == "ok", outcome.error
        np.testing.assert_allclose(outcome.value, np.linalg.lstsq(x, y, rcond=None)[0])


def host_entries(box: Sandbox) -> set[str]:
    """Files in shared temporary directories that a child could have made: owned by a
    slot uid, or named like an attack's file (other programs share these directories)."""
    uids = set(box._lease.uids if box._lease else [])  # test-only access
    entries = set()
    for top in WATCHED:
        for entry in os.scandir(top):
            owner = entry.stat(follow_symlinks=False).st_uid
            if owner in uids or entry.name in ATTACK_FILES:
                entries.add(entry.path)
    return entries


def sandbox_processes(box: Sandbox) -> list[str]:
    """Processes left by a sandbox's children: any of its uids, any zygote's child."""
    uids = {str(uid) for uid in (box._lease.uids if box._lease else [])}  # test-only access
    zygotes = {str(z._process.pid) for z in box._zygotes if z._process}  # test-only access
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except (FileNotFoundError, ProcessLookupError):
            continue
        if fields["State"].split()[0] in "ZX":
            continue
        if uids & set(fields["Uid"].split()) or fields["PPid"].strip() in zygotes:
            found.append(f"{pid} {fields['Name'].strip()}")
    return found


def assert_host_clean(box: Sandbox, before: set[str]) -> None:
    deadline = time.monotonic() + 3
    while sandbox_processes(box) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sandbox_processes(box) == []
    assert host_entries(box) - before == set()
    assert os.listdir(box._scratch) == []  # test-only access: per-call scratch removed
