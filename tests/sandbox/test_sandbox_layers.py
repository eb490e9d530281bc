"""Each layer on its own: with other layers turned off, an attack is still stopped.

The layers overlap on purpose (defence in depth); these tests turn some off through the
sandbox's test switches and check that the remaining ones still hold, and that the
degraded, unprivileged mode (a laptop or CI without root) keeps working.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.sandbox import Limits, Sandbox, layers
from grader.sandbox.sandbox import DISABLE_ENV, UNPRIVILEGED_ENV
from tests.sandbox.sandbox_helpers import assert_host_clean, call, check_control, host_entries

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="needs root")


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def sandbox_with(env: dict[str, str]) -> Iterator[Sandbox]:
    """A one-slot sandbox started with ``env`` set (the switches are read at start)."""
    box = Sandbox(slots=1)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        box.__enter__()
    try:
        yield box
    finally:
        box.__exit__(None, None, None)


@pytest.fixture(scope="module")
def no_seccomp() -> Iterator[Sandbox]:
    yield from sandbox_with({DISABLE_ENV: "seccomp"})


@pytest.fixture(scope="module")
def unprivileged() -> Iterator[Sandbox]:
    yield from sandbox_with({UNPRIVILEGED_ENV: "1"})


def test_layers_reports_every_layer() -> None:
    report = layers()
    assert set(report) == {
        "zygote", "netns", "uid", "tmpfs", "landlock", "seccomp", "rlimits", "dumpable"
    }  # fmt: skip
    if ROOT:
        assert all(value.startswith("on") for key, value in report.items() if key != "dumpable")


def test_disabled_layers_are_reported(no_seccomp: Sandbox, unprivileged: Sandbox) -> None:
    assert no_seccomp.layers["seccomp"] == "off (disabled)"
    assert unprivileged.layers["uid"] == "off (needs root)"
    assert unprivileged.layers["netns"] == "off (needs root)"


DAEMON = src("""
    import os, time
    def f():
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(100)
            os._exit(0)
        os.waitpid(pid, 0)
        return "spawned"
""")


@needs_root
def test_without_seccomp_a_setsid_daemon_is_reaped_by_uid(no_seccomp: Sandbox) -> None:
    before = host_entries(no_seccomp)
    outcome = call(no_seccomp, DAEMON, "f")
    assert (outcome.status, outcome.value) == ("ok", "spawned")
    assert_host_clean(no_seccomp, before)
    check_control(no_seccomp)


@needs_root
def test_without_seccomp_a_fork_bomb_meets_nproc(no_seccomp: Sandbox) -> None:
    before = host_entries(no_seccomp)
    text = "import os\ndef f():\n    while True:\n        os.fork()\n"
    outcome = call(no_seccomp, text, "f", limits=Limits(wall_s=2))
    # which copy of the child reports first is a race; none of them can report success
    assert outcome.status in ("raised", "timeout", "bad_output", "no_result", "crashed")
    assert_host_clean(no_seccomp, before)
    check_control(no_seccomp)


@needs_root
def test_without_seccomp_network_and_exec_are_still_refused(no_seccomp: Sandbox) -> None:
    text = src("""
        import os, socket
        def f():
            errors = []
            for attempt in (
                lambda: socket.create_connection(("127.0.0.1", 9), 1),
                lambda: os.execv("/bin/sh", ["sh", "-c", "exit 0"]),
            ):
                try:
                    attempt()
                    errors.append("succeeded")
                except OSError as exc:
                    errors.append(type(exc).__name__)
            return errors
    """)
    outcome = call(no_seccomp, text, "f")
    assert outcome.status == "ok", outcome.error
    assert "succeeded" not in outcome.value


def test_unprivileged_mode_still_confines(unprivileged: Sandbox, tmp_path: Path) -> None:
    secret = Path("/var/tmp") / f"grader-unpriv-{os.getpid()}"
    secret.write_text("hidden")
    try:
        text = src(f"""
            import os, socket
            def f():
                out = []
                for attempt in (
                    lambda: open("{secret}").read(),
                    lambda: open("/dev/shm/x", "w"),
                    lambda: os.fork(),
                    lambda: socket.socket(),
                    lambda: os.kill({os.getpid()}, 9),
                ):
                    try:
                        attempt()
                        out.append("succeeded")
                    except OSError as exc:
                        out.append(type(exc).__name__)
                with open("scratch.txt", "w") as f:
                    f.write("in my own scratch")
                return out, os.getcwd()
        """)
        before = host_entries(unprivileged)
        outcome = call(unprivileged, text, "f")
        assert outcome.status == "ok", outcome.error
        assert outcome.value[0] == ["PermissionError"] * 5
        assert outcome.value[1].startswith(unprivileged._scratch)  # test-only access
        assert_host_clean(unprivileged, before)
        check_control(unprivileged)
    finally:
        secret.unlink()
