"""The pipeline for one submission: load → route → check each part → results.

Every submission gets a result, whatever it holds: a part that cannot be graded because
of a grader bug is marked as such (with the traceback for the instructor), never lost.
Where the work runs (this process's sandbox slots today, other machines later) is the
caller's choice: ``grade_path`` needs only the exam and a code runner.
"""

from __future__ import annotations

import copy
import importlib.util
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from grader import maths
from grader.checks import code as code_check
from grader.checks import learned
from grader.checks.mathitems import MathTable, segments, table_from_spec
from grader.checks.written import grade_written
from grader.errors import SpecError
from grader.isolation import Failed, run_isolated
from grader.results import ItemResult, PartResult, SubmissionResult, part_from_dict
from grader.sandbox import CallOutcome, Source
from grader.spec.generators import make_args
from grader.spec.load import BUNDLED, load_problems, reference_path
from grader.spec.models import CodePart, Problem, WrittenPart
from grader.submission.load import Submission, load_submission
from grader.submission.route import route
from grader.submission.sheet import Block

PART_WALL_S = 15.0  # a single written part, when its question as a whole ran out of time


class Runner(Protocol):
    def call(
        self, sources: Sequence[Source], function: str, args: Sequence[Any] = ...
    ) -> CallOutcome: ...


@dataclass(frozen=True)
class Exam:
    """The loaded problems, with what grading derives from them once per batch."""

    problems: tuple[Problem, ...]
    directory: Path
    tables: dict[str, MathTable] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path | None = None) -> Exam:
        problems = tuple(load_problems(directory))
        folder = (directory or BUNDLED).resolve()
        tables = {p.id: table_from_spec(p.math) for p in problems if p.math is not None}
        for pid, table in tables.items():
            probe = maths.parse_math("1", table)
            if isinstance(probe, maths.MathError):
                raise SpecError(probe.message, file=str(folder / f"{pid}.yaml"), field="math")
        return cls(problems, folder, tables)

    @property
    def questions(self) -> frozenset[str]:
        return frozenset(p.id.removeprefix("Q") for p in self.problems if p.id.startswith("Q"))


def grade_path(
    exam: Exam, path: Path, runner: Runner, *, public_only: bool = False
) -> SubmissionResult:
    started = time.perf_counter()
    sub = load_submission(path, questions=exam.questions)
    parts: list[PartResult] = []
    for problem in exam.problems:
        parts.extend(_grade_problem(exam, problem, sub, runner, public_only=public_only))
    elapsed = round(time.perf_counter() - started, 3)
    return SubmissionResult(sub.id, tuple(parts), sub.notes, str(path), elapsed)


def _grade_problem(
    exam: Exam, problem: Problem, sub: Submission, runner: Runner, *, public_only: bool
) -> list[PartResult]:
    if any(isinstance(p, WrittenPart) for p in problem.parts):
        return _grade_written_isolated(exam, problem, sub)
    out = []
    for part in problem.parts:
        assert isinstance(part, CodePart)
        try:
            out.append(_grade_code(exam, problem, part, sub, runner, public_only=public_only))
        except Exception:  # a grader bug costs nothing: the part is flagged, the batch goes on
            out.append(_internal_error(part.id, part.points, traceback.format_exc()))
    return out


def _grade_written_isolated(exam: Exam, problem: Problem, sub: Submission) -> list[PartResult]:
    """Written parts in a child under limits: a question that runs too long or too big is
    sent to review, part by part, instead of stalling the batch."""
    parts = [p for p in problem.parts if isinstance(p, WrittenPart)]
    learned.load_model()  # read once here, so that every forked child inherits it
    whole = run_isolated(partial(_written_dicts, exam, problem, sub, parts))
    if not isinstance(whole, Failed):
        return [part_from_dict(d) for d in whole]
    out = []
    for part in parts:
        one = run_isolated(partial(_written_dicts, exam, problem, sub, [part]), wall_s=PART_WALL_S)
        out.append(
            _review_only(part, one.reason) if isinstance(one, Failed) else part_from_dict(one[0])
        )
    return out


def _written_dicts(
    exam: Exam, problem: Problem, sub: Submission, parts: list[WrittenPart]
) -> list[dict[str, Any]]:
    return [asdict(r) for r in _grade_written(exam, problem, sub, parts)]


def _grade_written(
    exam: Exam, problem: Problem, sub: Submission, parts: list[WrittenPart]
) -> list[PartResult]:
    table = exam.tables.get(problem.id)
    routed = route(problem, sub.sheet, _target_reader(table))
    return [
        grade_written(part, routed.get(part.id, []), table=table, title=part.question)
        for part in parts
    ]


def _review_only(part: WrittenPart, reason: str) -> PartResult:
    item = ItemResult(
        "unchecked",
        "could not be checked",
        0.0,
        part.points,
        "error",
        f"not graded automatically: {reason}; a human must grade this part",
    )
    return PartResult(
        part.id,
        part.question,
        0.0,
        part.points,
        "error",
        (item,),
        review=(f"needs review: {reason}",),
    )


def _target_reader(table: MathTable | None) -> Callable[[str], tuple[str, str] | None]:
    def target_of(text: str) -> tuple[str, str] | None:
        if table is None:
            return None
        found = segments(Block(0, text, text))
        if not found:
            return None
        sides = maths.split_relations(found[0])
        return maths.derivative_target(sides[0], table) if sides else None

    return target_of


def _grade_code(
    exam: Exam,
    problem: Problem,
    part: CodePart,
    sub: Submission,
    runner: Runner,
    *,
    public_only: bool,
) -> PartResult:
    title = f"{part.function}({', '.join(part.params)})"
    located = code_check.locate(part, sub.code)
    if located.file is None or located.problem:
        return code_check.not_run(part, title, located.problem)
    sources = [Source(s.name, s.text) for s in located.file.sources]
    reference = getattr(_reference_module(reference_path(exam.directory, problem)), part.function)
    runs = []
    for case in part.cases:
        if public_only and case.visibility == "hidden":
            continue
        args = make_args(case.generator, dict(case.params))
        expected = reference(*copy.deepcopy(args))
        outcome = runner.call(sources, part.function, args)
        runs.append(code_check.CaseRun(case, args, expected, outcome))
    source = code_check.function_source(located, part.function)
    return code_check.score(part, title, runs, file=located.file.name, source=source)


@cache
def _reference_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"grader_reference_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise SpecError("reference solution cannot be loaded", file=str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # instructor code, trusted; never student code
    return module


def _internal_error(part_id: str, points: float, trace: str) -> PartResult:
    item = ItemResult(
        "internal",
        "could not grade",
        0.0,
        points,
        "error",
        "the grader failed on this part (a bug, not your mistake); flagged for review",
        detail=trace,
    )
    return PartResult(
        part_id,
        part_id,
        0.0,
        points,
        "error",
        (item,),
        review=("grader error: see the traceback in results.json",),
    )


def unreadable(path: Path, exam: Exam, reason: str) -> SubmissionResult:
    """A result for a submission that could not be read at all, with the reason."""
    parts = tuple(
        PartResult(
            p.id,
            p.id,
            0.0,
            p.points,
            "error",
            (ItemResult("unreadable", "submission", 0.0, p.points, "error", reason),),
        )
        for problem in exam.problems
        for p in problem.parts
    )
    return SubmissionResult(path.stem if path.is_file() else path.name, parts, (reason,), str(path))
