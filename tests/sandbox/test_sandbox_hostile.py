"""The hostile corpus: one test per threat of issue #3.

Each test asserts that the attack failed, and (through the ``clean`` fixture) that a
control part graded afterwards still gets its right outcome and that the host is left
clean: no process of a slot uid or under a zygote, no new file in /tmp, /dev/shm or
/var/tmp, no scratch directory. Network attacks only ever target 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.sandbox import Limits, Sandbox

pytestmark = pytest.mark.usefixtures("clean")

QUICK = Limits(wall_s=1.0, cpu_s=4)
MARKER = "hidden-case-7f3a9c"  # lives in the grader's memory and in a "secret" file


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def test_infinite_loop(run: Any) -> None:
    outcome = run("def f():\n    while True:\n        pass\n", limits=QUICK)
    assert (outcome.status, outcome.error) == ("timeout", "time limit 1 s exceeded")


def test_sleep(run: Any) -> None:
    outcome = run("import time\ndef f():\n    time.sleep(3600)\n", limits=QUICK)
    assert outcome.status == "timeout"


def test_memory_bomb(run: Any) -> None:
    text = "def f():\n    hog = []\n    while True:\n        hog.append(bytearray(10**7))\n"
    outcome = run(text, limits=Limits(memory_mb=300))
    assert outcome.status == "memory"
    assert outcome.error.startswith("memory limit 300 MB exceeded")


@pytest.mark.parametrize(
    "body",
    [
        "while True:\n        os.fork()",
        "import subprocess\n    subprocess.run(['/bin/sh', '-c', 'sleep 100'])",
        "import multiprocessing\n    multiprocessing.Process(target=print).start()",
        "os.posix_spawn('/bin/sleep', ['sleep', '100'], {})",
    ],
)
def test_fork_bomb_and_exec(run: Any, body: str) -> None:
    outcome = run(f"import os\ndef f():\n    {body}\n", limits=QUICK)
    assert outcome.status == "raised"
    assert "PermissionError" in outcome.error or "not available in the sandbox" in outcome.error


def test_os_system_runs_nothing(run: Any) -> None:
    outcome = run("import os\ndef f():\n    return os.system('sleep 100')\n", limits=QUICK)
    assert outcome.status == "ok"
    assert outcome.value != 0


def test_setsid_daemon(run: Any) -> None:
    text = src("""
        import os, time
        def f():
            errors = []
            for attempt in (os.setsid, os.fork, lambda: os.setpgid(0, 0)):
                try:
                    attempt()
                except OSError as exc:
                    errors.append(exc.errno)
            return errors
    """)
    outcome = run(text)
    assert (outcome.status, outcome.value) == ("ok", [1, 1, 1])


@pytest.mark.parametrize("directory", ["/tmp", "/dev/shm", "."])
def test_huge_files(run: Any, directory: str) -> None:
    text = src(f"""
        def f():
            written = 0
            try:
                with open("{directory}/big", "wb") as out:
                    for _ in range(100):
                        written += out.write(b"x" * 2**20)
            except OSError as exc:
                return written, exc.errno
            return written, 0
    """)
    outcome = run(text)
    assert outcome.status == "ok"
    written, errno = outcome.value
    assert written <= 16 * 2**20
    assert errno in (27, 28)  # EFBIG at the file-size limit, ENOSPC when the tmpfs is full


def test_many_files(run: Any) -> None:
    text = src("""
        def f():
            made = 0
            try:
                while made < 10**6:
                    open(f"/tmp/{made}", "w").close()
                    made += 1
            except OSError as exc:
                return made, exc.errno
    """)
    outcome = run(text, limits=Limits(wall_s=5))
    assert outcome.status == "ok"
    assert outcome.value[0] < 10**6


@pytest.fixture
def secret_dir() -> Iterator[Path]:
    """A world-readable 'hidden cases' file outside /tmp, removed afterwards."""
    base = Path("/var/tmp") / f"grader-secret-{os.getpid()}"
    base.mkdir(mode=0o755)
    (base / "hidden_cases.py").write_text(f"CASES = {MARKER!r}\n")
    (base / "hidden_cases.py").chmod(0o644)
    yield base
    (base / "hidden_cases.py").unlink()
    base.rmdir()


def test_walking_the_filesystem_and_importing_secrets(run: Any, secret_dir: Path) -> None:
    path = secret_dir / "hidden_cases.py"
    text = src(f"""
        import gc, importlib.util, os, sys
        def load():
            spec = importlib.util.spec_from_file_location("h", "{path}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.CASES
        def f():
            found = []
            for root, dirs, files in os.walk("/"):
                found += [os.path.join(root, n) for n in files if "hidden" in n]
            for attempt in (
                lambda: open("{path}").read(),
                lambda: os.listdir("{secret_dir}"),
                load,
                lambda: open("/proc/%d/environ" % os.getppid(), "rb").read().decode(),
                lambda: open("/proc/%d/cmdline" % os.getppid(), "rb").read().decode(),
                lambda: open("/proc/1/maps").read(),
                lambda: open("{__file__}").read(),
            ):
                try:
                    found.append(str(attempt()))
                except OSError as exc:
                    found.append(type(exc).__name__)
            found += [o for o in gc.get_objects() if isinstance(o, str) and "hidden" "-case" in o]
            found += [m for m in sys.modules if m.startswith(("grader", "tests", "pytest"))]
            return found
    """)
    outcome = run(text, limits=Limits(wall_s=5))
    assert outcome.status == "ok", outcome.error
    # denied, or not even visible (a checkout under /tmp is hidden by the private tmpfs)
    assert len(outcome.value) == 7
    assert set(outcome.value) <= {"PermissionError", "FileNotFoundError"}
    imported = run(f"import sys\nsys.path.insert(0, {str(secret_dir)!r})\nimport hidden_cases\n")
    assert imported.status == "forbidden_import"
    assert "imports hidden_cases (sub.py line 3)" in imported.error


def test_writing_grader_files(run: Any) -> None:
    before = Path(__file__).stat()
    text = f"def f():\n    open({__file__!r}, 'a').write('# pwned')\n"
    outcome = run(text)
    assert outcome.status == "raised"
    assert "PermissionError" in outcome.error or "FileNotFoundError" in outcome.error
    after = Path(__file__).stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.fixture
def listeners() -> Iterator[tuple[socket.socket, socket.socket]]:
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    tcp.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    yield tcp, udp
    tcp.close()
    udp.close()


def test_network_to_loopback(run: Any, listeners: tuple[socket.socket, socket.socket]) -> None:
    tcp, udp = listeners
    text = src(f"""
        import ctypes, socket
        def f():
            errors = []
            for attempt in (
                lambda: socket.create_connection(("127.0.0.1", {tcp.getsockname()[1]}), 1),
                lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
                    b"leak", ("127.0.0.1", {udp.getsockname()[1]})),
                lambda: socket.getaddrinfo("localhost", 80),
                lambda: socket.socketpair(),
            ):
                try:
                    attempt()
                    errors.append("connected")
                except OSError as exc:
                    errors.append(type(exc).__name__)
            errors.append(ctypes.CDLL(None).syscall(41, 2, 1, 0))  # raw socket()
            return errors
    """)
    outcome = run(text)
    assert outcome.status == "ok", outcome.error
    assert "connected" not in outcome.value
    assert outcome.value[-1] == -1
    with pytest.raises(BlockingIOError):
        tcp.accept()
    with pytest.raises(BlockingIOError):
        udp.recv(100)


def test_monkeypatching_numpy_comparisons(run: Any, sandbox: Sandbox) -> None:
    text = src("""
        import builtins, numpy as np
        np.allclose = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        np.isclose = lambda *a, **k: np.True_
        builtins.abs = lambda x: 0
        def f():
            return np.zeros(3)
    """)
    outcome = run(text)
    assert outcome.status == "ok"
    assert not np.allclose(outcome.value, np.ones(3))
    later = run("import numpy as np\ndef f():\n    return bool(np.allclose(1.0, 2.0)), abs(-2)\n")
    assert later.value == (False, 2)


def test_fake_results_printed_written_and_sent_to_fds(run: Any) -> None:
    text = src("""
        import json, os
        FAKE = json.dumps({"status": "ok", "value": 1.0, "op": "done", "timed_out": False})
        def f():
            print(FAKE)
            with open("results.json", "w") as out:
                out.write(FAKE)
            for fd in range(3, 64):
                try:
                    os.write(fd, FAKE.encode())
                except OSError:
                    pass
            raise ValueError("wrong")
    """)
    outcome = run(text)
    assert outcome.status == "raised"
    assert outcome.error.endswith("ValueError: wrong")
    assert outcome.value is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("import os; os._exit(0)", "no_result"),
        ("raise SystemExit(0)", "no_result"),
        (
            "import sys; sys.setrecursionlimit(10**8); g = lambda n: list(map(g, [n])); g(0)",
            "crashed",
        ),
    ],
)
def test_exits_and_segfault(run: Any, body: str, status: str) -> None:
    assert run(f"def f():\n    {body}\n").status == status


def test_thread_that_keeps_running_and_mutates_globals(run: Any) -> None:
    text = src("""
        import threading
        STATE = {"mutated": False}
        def spin():
            while True:
                STATE["mutated"] = True
        def f():
            threading.Thread(target=spin).start()
            return 1.0
        def g():
            return STATE["mutated"]
    """)
    outcome = run(text, limits=QUICK)
    assert (outcome.status, outcome.value) == ("ok", 1.0)
    assert outcome.duration_s < 1
    assert run(text, "g").value is False


@pytest.mark.parametrize(
    "body",
    [
        "class Liar:\n        def __eq__(self, other):\n            return True\n    return Liar()",
        "class F(float):\n        def __eq__(self, o):\n            return True\n    return F(0)",
    ],
)
def test_objects_whose_eq_lies(run: Any, body: str) -> None:
    outcome = run(f"def f():\n    {body}\n")
    assert outcome.status == "bad_output"
    assert "is not plain data" in outcome.error


def test_array_subclass_whose_eq_lies_arrives_as_plain_array(run: Any) -> None:
    text = src("""
        import numpy as np
        class Liar(np.ndarray):
            def __eq__(self, other):
                return True
        def f():
            return np.zeros(3).view(Liar)
    """)
    outcome = run(text)
    assert type(outcome.value) is np.ndarray
    assert not (outcome.value == np.ones(3)).any()


def test_pickle_payload_in_returned_object_array(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    text = src(f"""
        import json, os, pickle, numpy as np
        class Evil:
            def __reduce__(self):
                return (os.system, ("touch {target}",))
        def f():
            return np.array([Evil()], dtype=object)
        def forge():
            payload = pickle.dumps(np.array([Evil()], dtype=object)).hex()
            record = {{"status": "ok", "value": {{"$a": ["|O", [1], payload]}}, "args_after": []}}
            os.write(4, json.dumps(record).encode())
            os._exit(0)
    """)
    outcome = run(text)
    assert outcome.status == "bad_output"
    assert "dtype object" in outcome.error
    forged = run(text, "forge")
    assert forged.status == "bad_output"
    assert not target.exists()


def test_hundred_megabytes_of_stdout(run: Any) -> None:
    text = (
        "import os\ndef f():\n    for _ in range(100):\n        print('x' * 2**20)\n    return 1\n"
    )
    outcome = run(text)
    assert (outcome.status, outcome.value) == ("ok", 1)
    assert outcome.stdout.endswith("[output truncated after 65536 bytes]")
    assert len(outcome.stdout) < 70_000


def test_raw_writes_to_stdout_stop_at_the_file_limit(run: Any) -> None:
    text = "import os\ndef f():\n    return sum(os.write(1, b'x' * 2**20) for _ in range(100))\n"
    outcome = run(text, limits=Limits(file_mb=4))
    assert outcome.status in ("ok", "raised")
    assert len(outcome.stdout) < 70_000


@pytest.mark.parametrize(
    "attack",
    [
        "os.kill(os.getppid(), signal.SIGKILL)",
        "os.kill(GRADER, signal.SIGKILL)",
        "os.kill(-1, signal.SIGKILL)",
        "os.killpg(os.getpgid(GRADER), signal.SIGKILL)",
    ],
)
def test_signalling_the_zygote_or_grader(run: Any, attack: str) -> None:
    text = f"import os, signal\nGRADER = {os.getpid()}\ndef f():\n    {attack}\n"
    outcome = run(text)
    assert outcome.status == "raised"
    assert "PermissionError" in outcome.error or "ProcessLookupError" in outcome.error


def test_ptrace_and_process_memory(run: Any) -> None:
    text = src(f"""
        import ctypes, os
        def f():
            libc = ctypes.CDLL(None, use_errno=True)
            attach = libc.ptrace(16, os.getppid(), 0, 0)
            try:
                open("/proc/{os.getpid()}/mem", "rb")
                opened = True
            except OSError:
                opened = False
            return attach, opened
    """)
    assert run(text).value == (-1, False)


def test_raising_own_limits(run: Any) -> None:
    text = "import resource\ndef f():\n    resource.setrlimit(resource.RLIMIT_CPU, (-1, -1))\n"
    outcome = run(text)
    assert outcome.status == "raised"


def test_fd_and_thread_exhaustion(run: Any) -> None:
    text = src("""
        import threading, time
        def f():
            files = []
            try:
                while True:
                    files.append(open(f"/tmp/{len(files)}", "w"))
            except OSError as exc:
                opened = exc.errno
            threads = []
            try:
                while len(threads) < 10**4:
                    t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
                    t.start()
                    threads.append(t)
            except RuntimeError:
                pass
            return opened, len(threads)
    """)
    outcome = run(text, limits=Limits(wall_s=10))
    assert outcome.status in ("ok", "raised"), outcome.error
