"""The Sandbox object: its façade, start and stop, threads, zygote failures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import grader.sandbox
from grader.errors import InternalError
from grader.sandbox import Limits, Sandbox, Source
from tests.sandbox.sandbox_helpers import CONTROL, call


def test_exported_members() -> None:
    assert sorted(grader.sandbox.__all__) == [
        "CallOutcome", "Limits", "Sandbox", "Source", "Status", "layers"
    ]  # fmt: skip


def test_zygote_imports_nothing_but_numpy_the_stdlib_and_the_sandbox() -> None:
    script = (
        "import sys, json\n"
        "from grader.sandbox import imports, zygote\n"
        "imports.preload(); zygote.warm_up()\n"
        "print(json.dumps(sorted(m for m in sys.modules if not imports.allowed(m.split('.')[0]))))"
    )
    env = {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, check=True, cwd="/work/main"
    )
    ours = {"grader", "grader.errors", "grader.sandbox", "cython_runtime"}
    extra = [m for m in json.loads(result.stdout) if m not in ours and not m.startswith("_")]
    assert [m for m in extra if not m.startswith("grader.sandbox.")] == []


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match=r"Limits\.wall_s must be positive"):
        Limits(wall_s=0)


def test_call_outside_with_is_an_internal_error() -> None:
    with pytest.raises(InternalError, match="outside"):
        Sandbox().call([], "f")


def test_arguments_must_be_data(sandbox: Sandbox) -> None:
    with pytest.raises(InternalError, match="plain data"):
        sandbox.call([Source("a.py", "def f(x): pass")], "f", (object(),))


def test_concurrent_calls_from_threads(sandbox: Sandbox) -> None:
    rng = np.random.default_rng(1)
    cases = [(rng.normal(size=(20, 3)), rng.normal(size=20)) for _ in range(8)]
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda c: call(sandbox, CONTROL, "fit_ols", *c), cases))
    for (x, y), outcome in zip(cases, outcomes, strict=True):
        np.testing.assert_allclose(outcome.value, np.linalg.lstsq(x, y, rcond=None)[0])


def test_a_dead_zygote_is_replaced() -> None:
    with Sandbox(slots=1) as box:
        zygote = box._zygotes[0]._process  # test-only access
        assert zygote is not None
        os.kill(zygote.pid, signal.SIGKILL)
        zygote.wait()
        assert call(box, "def f():\n    return 2\n", "f").value == 2


def test_a_zygote_dying_mid_call_is_an_internal_error() -> None:
    with Sandbox(slots=1) as box:
        zygote = box._zygotes[0]._process  # test-only access
        assert zygote is not None
        text = "import os, time\ndef f():\n    time.sleep(0.5)\n"
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(call, box, text, "f")
            time.sleep(0.2)
            os.kill(zygote.pid, signal.SIGKILL)
            with pytest.raises(InternalError, match="zygote failed"):
                future.result()
        assert call(box, "def f():\n    return 3\n", "f").value == 3


def test_exit_leaves_nothing_behind() -> None:
    box = Sandbox(slots=2)
    with box:
        pids = [z._process.pid for z in box._zygotes if z._process]  # test-only access
        scratch = box._scratch
        uids = list(box._lease.uids) if box._lease else []
        assert call(box, "def f():\n    return 1\n", "f", limits=Limits(wall_s=2)).value == 1
    time.sleep(0.1)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in pids)
    assert not os.path.exists(scratch)
    assert not any(os.path.exists(f"/run/grader-sandbox/uid-{uid}.lock") for uid in uids)
