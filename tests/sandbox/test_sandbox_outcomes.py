"""One test per CallOutcome status, with small student sources written inline."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pytest

from grader.sandbox import Limits, Sandbox, Source

QUICK = Limits(wall_s=1.0, cpu_s=4)


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def test_ok_returns_value_args_after_warnings_and_stdout(run: Any) -> None:
    text = src("""
        import numpy as np
        def f(X, y, scale=1.0):
            print("fitting", X.shape)
            np.exp(np.array([1e4]))
            return np.linalg.lstsq(X, y, rcond=None)[0] * scale
    """)
    x = np.arange(12.0).reshape(6, 2) ** 1.5
    y = np.arange(6.0)
    outcome = run(text, "f", x, y, scale=2.0)
    assert outcome.status == "ok", outcome.error
    np.testing.assert_allclose(outcome.value, 2 * np.linalg.lstsq(x, y, rcond=None)[0])
    np.testing.assert_array_equal(outcome.args_after[0], x)
    assert outcome.warnings == ("RuntimeWarning: overflow encountered in exp",)
    assert outcome.stdout == "fitting (6, 2)\n"
    assert outcome.duration_s > 0


def test_values_of_every_plain_type_cross(run: Any) -> None:
    text = src("""
        import numpy as np
        def f():
            return (1, 2.5, True, None, "s", [np.int32(3)], {"a": np.zeros((2, 0))},
                    np.array(1.5), np.array([1 + 2j]), np.array([True]))
    """)
    outcome = run(text)
    assert outcome.status == "ok", outcome.error
    value = outcome.value
    assert value[:5] == (1, 2.5, True, None, "s")
    assert type(value[5][0]) is np.int32
    assert value[6]["a"].shape == (2, 0)
    assert value[7].shape == ()
    assert value[8].dtype == np.complex128
    assert value[9].dtype == bool


def test_input_mutation_shows_in_args_after(run: Any) -> None:
    outcome = run("def f(b, d):\n    b -= 1\n    d['w'] = 0.0\n", "f", np.ones(3), {"w": 2.0})
    assert outcome.status == "ok"
    np.testing.assert_array_equal(outcome.args_after[0], np.zeros(3))
    assert outcome.args_after[1] == {"w": 0.0}


def test_main_block_does_not_run(run: Any) -> None:
    text = 'def f():\n    return __name__\nif __name__ == "__main__":\n    raise SystemExit(3)\n'
    outcome = run(text)
    assert (outcome.status, outcome.value, outcome.source_errors) == ("ok", "submission", ())


def test_raised_traceback_is_trimmed_to_student_frames(run: Any) -> None:
    text = src("""
        import numpy as np
        def helper(a):
            return np.linalg.inv(a)
        def f():
            return helper(np.zeros((2, 2)))
    """)
    outcome = run(text, name="ols.py")
    assert outcome.status == "raised"
    assert 'File "ols.py", line 5, in f' in outcome.error
    assert 'File "ols.py", line 3, in helper' in outcome.error
    assert outcome.error.endswith("LinAlgError: Singular matrix")
    assert "numpy" not in outcome.error.replace("numpy.linalg.LinAlgError", "")
    assert "grader" not in outcome.error
    assert "harness" not in outcome.error


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("def f():\n    while True:\n        pass\n", "time limit 1 s exceeded"),
        ("import time\ndef f():\n    time.sleep(60)\n", "time limit 1 s exceeded"),
    ],
)
def test_wall_clock_timeout(run: Any, text: str, message: str) -> None:
    outcome = run(text, limits=QUICK)
    assert (outcome.status, outcome.error) == ("timeout", message)
    assert outcome.duration_s < 3


def test_cpu_limit_is_a_timeout(run: Any) -> None:
    outcome = run("def f():\n    while True:\n        pass\n", limits=Limits(wall_s=10, cpu_s=1))
    assert (outcome.status, outcome.error) == ("timeout", "CPU time limit 1 s exceeded")


def test_ignoring_sigxcpu_does_not_help(run: Any) -> None:
    text = "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\n" + (
        "def f():\n    while True:\n        pass\n"
    )
    outcome = run(text, limits=Limits(wall_s=10, cpu_s=1))
    assert (outcome.status, outcome.error) == ("timeout", "CPU time limit 1 s exceeded")


@pytest.mark.parametrize(
    "body",
    ["return np.ones(10**10)", "return bytearray(4 * 2**30)", "return [0.5] * 10**9"],
)
def test_memory(run: Any, body: str) -> None:
    outcome = run(f"import numpy as np\ndef f():\n    {body}\n", limits=Limits(memory_mb=512))
    assert outcome.status == "memory"
    assert outcome.error.startswith("memory limit 512 MB exceeded")


def test_segfault_through_deep_recursion_is_crashed(run: Any) -> None:
    text = (
        "import sys\nsys.setrecursionlimit(10**8)\ndef f(n=0):\n    return list(map(f, [n + 1]))\n"
    )
    outcome = run(text)
    assert outcome.status == "crashed"
    assert "segmentation fault" in outcome.error


def test_ctypes_null_read_is_crashed(run: Any) -> None:
    outcome = run("import ctypes\ndef f():\n    return ctypes.c_char.from_address(8).value\n")
    assert outcome.status == "crashed"


@pytest.mark.parametrize(
    "body", ["import os; os._exit(0)", "import sys; sys.exit()", "raise SystemExit(0)", "exit()"]
)
def test_exit_without_result_is_no_result(run: Any, body: str) -> None:
    outcome = run(f"def f():\n    {body}\n")
    assert outcome.status == "no_result"
    assert outcome.value is None


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("return object()", "a object object is not plain data"),
        ("return np.array([object()])", "dtype object"),
        ("return {1: 2.0}", "dict keys must be str"),
        ("return np.array(['a'])", "dtype <U1"),
        ("return lambda: 1", "a function object"),
        ("return 10 ** 5000", "digits"),
    ],
)
def test_not_data_is_bad_output(run: Any, body: str, fragment: str) -> None:
    outcome = run(f"import numpy as np\ndef f():\n    {body}\n")
    assert outcome.status == "bad_output"
    assert fragment in outcome.error


def test_syntax_error_names_the_source_and_later_sources_run(sandbox: Sandbox) -> None:
    sources = [
        Source("ols.py", "def fit_ols(X, y):\n    return X\n\nx = = 1\n"),
        Source("extra.py", "def sigmoid(z):\n    return 0.5\n"),
    ]
    missing = sandbox.call(sources, "fit_ols")
    assert missing.status == "missing_function"
    assert missing.error == "fit_ols is not defined (ols.py: SyntaxError line 4)"
    assert missing.source_errors[0][0] == "ols.py"
    assert "SyntaxError" in missing.source_errors[0][1]
    later = sandbox.call(sources, "sigmoid", (1.0,))
    assert (later.status, later.value) == ("ok", 0.5)
    assert [name for name, _ in later.source_errors] == ["ols.py"]


def test_exception_at_import_is_recorded_and_execution_continues(run: Any) -> None:
    outcome = run("def f():\n    return 1\nraise ValueError('top')\ndef g():\n    return 2\n")
    assert (outcome.status, outcome.value) == ("ok", 1)
    ((name, message),) = outcome.source_errors
    assert name == "sub.py"
    assert message.endswith("ValueError: top")


def test_not_callable_is_missing_function(run: Any) -> None:
    outcome = run("f = 3\n")
    assert (outcome.status, outcome.error) == (
        "missing_function",
        "f is not a function (it is a int)",
    )


@pytest.mark.parametrize(
    ("text", "module"),
    [
        ("import sympy\ndef f():\n    return 1\n", "sympy"),
        ("import scipy.linalg\ndef f():\n    return 1\n", "scipy"),
        (
            "try:\n    import pydantic\nexcept ImportError:\n    pass\ndef f():\n    return 1\n",
            "pydantic",
        ),
        ("def f():\n    __import__('yaml')\n", "yaml"),
        ("import importlib\ndef f():\n    importlib.import_module('grader.errors')\n", "grader"),
        ("from grader.sandbox import codec\ndef f():\n    return 1\n", "grader"),
    ],
)
def test_forbidden_import(run: Any, text: str, module: str) -> None:
    outcome = run(text)
    assert outcome.status == "forbidden_import"
    assert f"imports {module} (sub.py line" in outcome.error
    assert "only numpy and the standard library" in outcome.error


def test_allowed_imports(run: Any) -> None:
    text = (
        "import math, json, collections, itertools, random, numpy.linalg\ndef f():\n    return 1\n"
    )
    assert run(text).status == "ok"


def test_unavailable_stdlib_module_is_named(run: Any) -> None:
    outcome = run("def f():\n    return 1\nimport wave\n")
    assert outcome.status == "ok"
    assert outcome.source_errors[0][1].endswith(
        "the standard library module 'wave' is not available in the sandbox"
    )


def test_stdout_is_capped(run: Any) -> None:
    outcome = run("def f():\n    print('x' * 10**6)\n    return 1\n", limits=Limits(output_kb=1))
    assert outcome.status == "ok"
    assert outcome.stdout.startswith("x" * 1024)
    assert len(outcome.stdout) < 1200
