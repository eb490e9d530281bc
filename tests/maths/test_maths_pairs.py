"""Every pair of the table gets the expected status (and mistake, where one is named)."""

from __future__ import annotations

from typing import Any

import pytest

from grader.maths import compare
from tests.maths.conftest import TABLES
from tests.maths.pairs import PAIRS


@pytest.mark.parametrize(
    ("table", "student", "expected", "status", "mistake", "options"),
    PAIRS,
    ids=[f"{i:03d}-{p[1][:40]}" for i, p in enumerate(PAIRS)],
)
def test_pair(
    table: str,
    student: str,
    expected: str,
    status: str,
    mistake: str | None,
    options: dict[str, Any],
) -> None:
    verdict = compare(student, expected, TABLES[table], **options)
    assert verdict.status == status, verdict.message
    if mistake is not None:
        assert verdict.mistake is not None, verdict.message
        assert verdict.mistake.name == mistake, verdict.mistake
