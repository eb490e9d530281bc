from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.grading import Exam
from grader.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "submissions" / "seed_a9cbd816" / "000_a9cbd8169e043954.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def exam() -> Exam:
    return Exam.load()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        yield box
