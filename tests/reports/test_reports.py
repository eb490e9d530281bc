"""Every reporter renders the same result; student text is escaped; hidden cases stay hidden."""

import csv
import io
import json

from grader.reports import format_feedback, format_gradebook, format_index, to_gradescope
from grader.results import Evidence, ItemResult, PartResult, SubmissionResult

SCRIPT = "<script>alert('x')</script>"


def make_result() -> SubmissionResult:
    written = PartResult(
        "2.b.iii",
        "∂L/∂w₁",
        1.0,
        2.0,
        "graded",
        (
            ItemResult(
                "value",
                "∂L/∂w₁ = (a₂ − y)·w₂·a₁(1 − a₁)·x",
                1.0,
                2.0,
                "partial",
                "one factor wrong: the factor a₁(1 − a₁) is missing",
                (Evidence(SCRIPT, 12, "sheet.md"),),
            ),
        ),
        answer=SCRIPT,
        review=("partial credit on value",),
    )
    code = PartResult(
        "P1.fit_ols",
        "fit_ols",
        2.25,
        3.0,
        "graded",
        (
            ItemResult("small", "a 6×2 design", 0.75, 0.75, "passed", "matches"),
            ItemResult(
                "ill_conditioned",
                "condition number 1e8",
                0.0,
                0.75,
                "failed",
                "hidden case: 5 of 5 values differ",
                detail="SECRET-INPUT-VALUES",
                hidden=True,
            ),
        ),
        kind="code",
    )
    return SubmissionResult("alice", (written, code), ("notes.pdf: ignored",))


def test_gradescope_results_have_one_test_per_part_numbered_by_part_id():
    data = to_gradescope(make_result())
    assert data["score"] == 3.25
    assert data["max_score"] == 5.0
    assert [t["number"] for t in data["tests"]] == ["2.b.iii", "P1.fit_ols"]
    for test in data["tests"]:
        assert set(test) >= {"number", "name", "score", "max_score", "output", "visibility"}
    assert "a₁(1 − a₁) is missing" in data["tests"][0]["output"]
    assert "needs-review" in data["tests"][0]["tags"]
    json.dumps(data)  # plain data


def test_hidden_case_details_never_reach_the_student():
    result = make_result()
    assert "SECRET-INPUT-VALUES" not in json.dumps(to_gradescope(result)["tests"])
    assert "SECRET-INPUT-VALUES" not in format_feedback(result)


def test_feedback_html_escapes_student_text_and_shows_reasons():
    page = format_feedback(make_result())
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    assert "one factor wrong" in page
    assert "Flagged for review" in page
    assert "line 12" in page


def test_gradebook_has_a_column_per_part_and_the_total():
    text = format_gradebook([make_result()], ["2.b.iii", "P1.fit_ols", "P2.sigmoid"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "submission",
        "2.b.iii",
        "P1.fit_ols",
        "P2.sigmoid",
        "total",
        "max",
        "needs_review",
    ]
    assert rows[1] == ["alice", "1", "2.25", "", "3.25", "5", "1"]


def test_index_links_every_submission():
    page = format_index([(make_result(), "alice")], ["2.b.iii", "P1.fit_ols"])
    assert 'href="alice/feedback.html"' in page
    assert "3.25" in page
