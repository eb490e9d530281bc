"""Fixtures for the sandbox tests: one shared two-slot sandbox, ``run`` to call student
text in it, and ``clean`` to check afterwards that a control part still scores and that
the host is clean."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from grader.sandbox import CallOutcome, Sandbox
from tests.sandbox.sandbox_helpers import assert_host_clean, call, check_control, host_entries


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(slots=2) as box:
        yield box


@pytest.fixture
def run(sandbox: Sandbox) -> Any:
    """``run(text, function, *args, limits=..., name="sub.py", **kwargs)``."""

    def run_one(text: str, function: str = "f", *args: Any, **kw: Any) -> CallOutcome:
        return call(sandbox, text, function, *args, **kw)

    return run_one


@pytest.fixture
def clean(sandbox: Sandbox) -> Iterator[None]:
    """After the test: the control part still passes and the host is clean."""
    before = host_entries(sandbox)
    yield
    check_control(sandbox)
    assert_host_clean(sandbox, before)
