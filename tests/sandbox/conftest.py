"""Fixtures for the sandbox tests: one shared sandbox, and a helper to call student text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from grader.sandbox import CallOutcome, Limits, Sandbox, Source


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(slots=2) as box:
        yield box


@pytest.fixture
def run(sandbox: Sandbox) -> Any:
    """``run(text, function, *args, limits=..., name="sub.py")`` in the shared sandbox."""

    def run_one(
        text: str, function: str = "f", *args: Any, limits: Limits | None = None, **kw: Any
    ) -> CallOutcome:
        name = kw.pop("name", "sub.py")
        return sandbox.call([Source(name, text)], function, args, kw or None, limits=limits)

    return run_one
