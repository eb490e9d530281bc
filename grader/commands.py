"""What each CLI command does. Prints go to the terminal here and nowhere else in the package."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from grader.batch import grade_all, write_reports
from grader.errors import UsageError
from grader.grading import Exam
from grader.reports import format_check_summary
from grader.results import SubmissionResult
from grader.sandbox import Sandbox, layers
from grader.submission.load import discover


def grade(paths: list[Path], out: Path, problems: Path | None) -> int:
    exam = Exam.load(problems)
    found = discover(paths)
    if not found:
        raise UsageError("no submissions found in " + ", ".join(map(str, paths)))
    with Sandbox() as sandbox:
        results = grade_all(exam, found, sandbox, progress=_progress)
    index = write_reports(exam, results, out)
    review = sum(any(p.needs_review for p in r.parts) for r in results)
    print(f"Graded {len(results)} submission(s); {review} flagged for review.")
    print(f"Report: {index.resolve()}")
    return 0


def check(path: Path, problems: Path | None) -> int:
    exam = Exam.load(problems)
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    with Sandbox() as sandbox:
        (result,) = grade_all(exam, [path], sandbox, public_only=True)
    print(format_check_summary(result))
    # unanswered parts are listed but do not fail a check (a code-only repository has no
    # answer sheet); every attempted part must pass its public checks
    attempted = [p for p in result.parts if p.status != "not_answered"]
    return 0 if attempted and all(p.points >= p.max_points for p in attempted) else 1


def validate(problems: Path | None) -> int:
    exam = Exam.load(problems)
    total = sum(p.points for p in exam.problems)
    parts = sum(len(p.parts) for p in exam.problems)
    print(f"{len(exam.problems)} problem files, {parts} parts, {total:g} points: specs load.")
    reference = exam.directory.parent / "reference"
    with Sandbox() as sandbox:
        (result,) = grade_all(exam, [reference], sandbox)
    short = [p for p in result.parts if p.points < p.max_points]
    for part in short:
        reasons = "; ".join(i.reason for i in part.items if i.points < i.max_points)
        print(f"  {part.part}: {part.points:g}/{part.max_points:g} — {reasons}"[:400])
    print(f"Reference solutions and model answer sheet: {result.score:g}/{result.max_score:g}")
    return 0 if not short else 2


def compare(
    a: str, b: str, symbols: str, definitions: Path | None, *, as_json: bool
) -> tuple[int, str]:
    from grader.maths import compare_command

    defs = None
    if definitions is not None:
        loaded = yaml.safe_load(definitions.read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            raise UsageError(f"{definitions}: expected a mapping of name: expression")
        defs = {str(k): str(v) for k, v in loaded.items()}
    return compare_command(a, b, symbols, defs, as_json)


def doctor() -> str:
    lines = ["Sandbox layers on this machine:"]
    lines += [f"  {name:<10} {state}" for name, state in layers().items()]
    lines.append(
        "Without uid, Landlock and namespaces, student code could read files this user can "
        "read: never ship hidden test cases to machines you do not control."
    )
    return "\n".join(lines)


def _progress(result: SubmissionResult) -> None:
    review = sum(p.needs_review for p in result.parts)
    flag = f"  ({review} part(s) to review)" if review else ""
    print(f"  {result.id:<40} {result.score:>6g} / {result.max_score:g}{flag}", file=sys.stderr)
