"""Grade many submissions and write every report. The edge where files are written.

Each submission is graded on its own: whatever happens to one (unreadable files, a
grader bug), it still gets a ``results.json`` saying why, and the batch goes on.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from grader.grading import Exam, Runner, grade_path, unreadable
from grader.reports import format_feedback, format_gradebook, format_index, format_results_json
from grader.results import SubmissionResult

Progress = Callable[[SubmissionResult], None]


def grade_all(
    exam: Exam,
    paths: Sequence[Path],
    runner: Runner,
    *,
    public_only: bool = False,
    progress: Progress | None = None,
) -> list[SubmissionResult]:
    results = []
    for path in paths:
        try:
            result = grade_path(exam, path, runner, public_only=public_only)
        except Exception:  # never lose a submission: record why and go on
            result = unreadable(path, exam, "could not grade: " + traceback.format_exc(limit=3))
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def write_reports(exam: Exam, results: Iterable[SubmissionResult], out: Path) -> Path:
    """results.json and feedback.html per submission, gradebook.csv and index.html.

    Returns the path of index.html."""
    results = list(results)
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    folders: dict[int, str] = {}
    for result in results:
        folders[id(result)] = _safe_name(result.id, used)
        folder = out / folders[id(result)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.json").write_text(format_results_json(result), encoding="utf-8")
        (folder / "feedback.html").write_text(format_feedback(result), encoding="utf-8")
    part_ids = [p.id for problem in exam.problems for p in problem.parts]
    (out / "gradebook.csv").write_text(format_gradebook(results, part_ids), encoding="utf-8")
    index = out / "index.html"
    links = [(r, folders[id(r)]) for r in results]
    index.write_text(format_index(links, part_ids), encoding="utf-8")
    return index


def _safe_name(name: str, used: set[str]) -> str:
    """A folder name that cannot escape the output folder or collide with another."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "submission"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate
