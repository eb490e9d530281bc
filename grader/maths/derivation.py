"""check_derivation: follow a multi-line chain of = and ⇒, step by step.

Every side of every line is an expression; each readable side is compared with the previous
readable one (is the step valid?) and with the expected result (is it on track?). The first
invalid step is reported with its line and the reason (a named mistake where one matches);
later steps that follow correctly from a wrong line are marked "carried" (error carried
forward). Unreadable sides are skipped and flagged for review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from grader.maths.compare import compare_parsed
from grader.maths.context import compile_table
from grader.maths.reader import read_in
from grader.maths.relations import split_relations
from grader.maths.symbols import SymbolTable
from grader.maths.tokens import MathError
from grader.maths.verdicts import Parsed, Verdict

StepStatus = Literal["start", "ok", "wrong", "carried", "unreadable"]


@dataclass(frozen=True)
class Step:
    line: int  # 1-based line number in the lines given
    text: str  # this side, as written
    status: StepStatus
    on_track: bool | None  # equals the expected result (None when unreadable)
    message: str


@dataclass(frozen=True)
class DerivationReport:
    steps: tuple[Step, ...]
    first_wrong_line: int | None
    first_wrong_reason: str | None
    final: Verdict  # the last readable side against the expected result
    needs_review: bool  # some side could not be read

    @property
    def final_correct(self) -> bool:
        return self.final.status == "equivalent"


def check_derivation(
    lines: Sequence[str], expected_final: str, table: SymbolTable
) -> DerivationReport:
    ctx = compile_table(table)
    expected = read_in(expected_final, ctx) if ctx.error is None else MathError(ctx.error)
    if isinstance(expected, MathError) or expected.shape is None:
        reason = expected.message if isinstance(expected, MathError) else expected.shape_error
        final = Verdict("invalid", "none", f"the expected result cannot be read: {reason}")
        return DerivationReport((), None, None, final, True)
    steps: list[Step] = []
    previous: Parsed | None = None
    wrong_line: int | None = None
    wrong_reason: str | None = None
    final = Verdict("needs_review", "none", "no readable line")
    for number, line in enumerate(lines, start=1):
        for side in split_relations(line):
            parsed = read_in(side, ctx)
            if isinstance(parsed, MathError) or parsed.shape is None:
                why = parsed.message if isinstance(parsed, MathError) else parsed.shape_error
                steps.append(Step(number, side, "unreadable", None, why or ""))
                continue
            final = compare_parsed(parsed, expected, ctx)
            on_track = final.status == "equivalent"
            if previous is None:
                steps.append(Step(number, side, "start", on_track, _track(on_track)))
            else:
                step = compare_parsed(parsed, previous, ctx)
                if step.status == "equivalent":
                    status: StepStatus = "ok" if wrong_line is None else "carried"
                    message = "follows from the previous step" + (
                        "" if wrong_line is None else " (carrying the earlier error)"
                    )
                else:
                    status = "wrong"
                    if step.mistake is None and final.mistake is not None:
                        step = final  # name the mistake against the expected result instead
                    message = _reason(step)
                    if wrong_line is None:
                        wrong_line, wrong_reason = number, message
                steps.append(Step(number, side, status, on_track, message))
            previous = parsed
    needs_review = any(s.status == "unreadable" for s in steps)
    return DerivationReport(tuple(steps), wrong_line, wrong_reason, final, needs_review)


def _track(on_track: bool) -> str:
    return "equals the expected result" if on_track else "starting point"


def _reason(step: Verdict) -> str:
    if step.mistake is not None:
        return f"does not follow from the previous step: {step.mistake.description}"
    return f"does not follow from the previous step: {step.message}"
