"""The grader's own work on student text runs under limits: a stall becomes a review."""

import time

import pytest

from grader import grading
from grader.grading import grade_path
from grader.isolation import Failed, run_isolated
from tests.conftest import SEED


def test_a_result_comes_back_as_data():
    assert run_isolated(lambda: {"a": [1, 2.5, "x"]}) == {"a": [1, 2.5, "x"]}


def test_a_stall_is_cut_at_the_wall_clock():
    started = time.monotonic()
    result = run_isolated(lambda: time.sleep(30), wall_s=0.5)
    assert isinstance(result, Failed)
    assert "time limit" in result.reason
    assert time.monotonic() - started < 10


def test_a_memory_blow_up_is_contained():
    result = run_isolated(lambda: len(bytearray(3 * 1024**3)), memory_mb=512)
    assert isinstance(result, Failed)


def test_a_bug_in_the_job_says_so():
    result = run_isolated(lambda: 1 / 0)
    assert isinstance(result, Failed)
    assert "ZeroDivisionError" in result.reason
    assert "bug" in result.reason


@pytest.mark.parametrize("stalled", ["1.b"])
def test_a_stalled_part_goes_to_review_and_the_rest_is_graded(exam, sandbox, monkeypatch, stalled):
    real = grading.grade_written

    def slow(part, blocks, **kw):
        if part.id == stalled:
            time.sleep(60)
        return real(part, blocks, **kw)

    monkeypatch.setattr(grading, "grade_written", slow)
    monkeypatch.setattr(grading, "PART_WALL_S", 1.0)
    monkeypatch.setattr(grading, "run_isolated", _short_wall(grading.run_isolated))
    parts = {p.part: p for p in grade_path(exam, SEED, sandbox).parts}
    assert parts[stalled].points == 0
    assert parts[stalled].needs_review
    assert "time limit" in parts[stalled].review[0]
    assert parts["1.a"].points == 3  # same question, graded again on its own
    assert parts["3.b"].points == 2


def _short_wall(run):
    def wrapped(job, *, wall_s=2.0, **kw):
        return run(job, wall_s=min(wall_s, 2.0), **kw)

    return wrapped
