"""Code parts: find the student's function, then score the outcomes of its calls.

Running happens elsewhere (the sandbox, driven by ``grader.grading``); this module is
pure: it decides where a function lives and turns call outcomes into points and reasons.
Partial credit is by case; a right value in the wrong shape earns half of its case; an
input modified in place costs ``mutation_penalty`` of the part; a warning fails a case of
a part with ``warnings_fail``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath
from typing import Any

import numpy as np

from grader.checks.imports import defines, forbidden_imports, function_text
from grader.checks.numeric import Comparison, as_floats, compare_array
from grader.results import Evidence, ItemResult, ItemStatus, PartResult, scored
from grader.sandbox import CallOutcome
from grader.spec.models import CodeCase, CodePart
from grader.submission.load import CodeFile, CodeSource

_WARNING_KINDS = ("overflow", "invalid value", "divide by zero", "RuntimeWarning")


@dataclass(frozen=True)
class Located:
    file: CodeFile | None
    problem: str = ""  # why the function cannot be run (missing file, forbidden import)


@dataclass(frozen=True)
class CaseRun:
    case: CodeCase
    args: tuple[Any, ...]
    expected: Any
    outcome: CallOutcome


def locate(part: CodePart, files: Sequence[CodeFile]) -> Located:
    """The file that should hold ``part.function``: the named file, else any file defining it."""
    named = [f for f in files if PurePath(f.name).name.lower() == part.file]
    defining = [f for f in files if any(defines(s.text, part.function) for s in f.sources)]
    chosen = next(iter(named or defining), None)
    if chosen is None:
        names = ", ".join(f.name for f in files) or "none"
        return Located(
            None,
            f"{part.file} not found, and no file defines {part.function} "
            f"(code files handed in: {names})",
        )
    bad = [m for s in chosen.sources for m in forbidden_imports(s.text)]
    if bad:
        listed = ", ".join(dict.fromkeys(bad))
        return Located(
            chosen,
            f"{chosen.name} imports {listed}: only NumPy and the standard "
            "library may be imported, so its functions score 0",
        )
    return Located(chosen)


def sources_of(located: Located) -> tuple[CodeSource, ...]:
    return located.file.sources if located.file else ()


def function_source(located: Located, function: str, *, max_lines: int = 80) -> str:
    """The student's definition of ``function``, as written (for the feedback page)."""
    for source in sources_of(located):
        text = function_text(source.text, function)
        if text:
            lines = text.splitlines()
            return "\n".join(lines[:max_lines] + (["…"] if len(lines) > max_lines else []))
    return ""


def not_run(part: CodePart, title: str, reason: str) -> PartResult:
    items = tuple(
        ItemResult(
            c.id,
            c.about or c.id,
            0.0,
            _share(part),
            "error",
            reason,
            hidden=c.visibility == "hidden",
        )
        for c in part.cases
    )
    return PartResult(part.id, title, 0.0, part.points, "error", items, reason, kind="code")


def score(
    part: CodePart, title: str, runs: Sequence[CaseRun], *, file: str, source: str = ""
) -> PartResult:
    items = [_score_case(part, run, _share(part, len(runs))) for run in runs]
    mutated = _mutated_args(part, runs)
    if mutated and part.mutation_penalty:
        lost = part.points * part.mutation_penalty
        items.append(
            ItemResult(
                "mutation",
                "Must not modify its inputs.",
                -lost,
                0.0,
                "deducted",
                f"the function modified its input {', '.join(mutated)} in place "
                f"(−{lost:g}: copy the array first, e.g. beta = beta0.copy())",
            )
        )
    review = [f"{i.id}: {i.reason}" for i in items if i.status == "error"]
    answer = f"# {file}\n{source}" if source else f"{part.function} in {file}"
    return scored(part.id, title, part.points, items, answer=answer, review=review, kind="code")


def _share(part: CodePart, runs: int = 0) -> float:
    """Each case's share of the part (of the cases run: public only in a self-check)."""
    return part.points / (runs or len(part.cases))


def _score_case(part: CodePart, run: CaseRun, share: float) -> ItemResult:
    case, out = run.case, run.outcome
    hidden = case.visibility == "hidden"
    label = case.about or case.id
    failed = partial(ItemResult, case.id, label, 0.0, share, "failed", hidden=hidden)
    if out.status != "ok":
        return failed(_failure_text(out, hidden), detail="" if hidden else out.error)
    if part.warnings_fail and (
        warned := [w for w in out.warnings if any(k in w for k in _WARNING_KINDS)]
    ):
        return failed(f"a warning was raised: {warned[0]} (the contract allows none)")
    fraction, comparison = _compare(part, out.value, run.expected)
    status: ItemStatus = "passed" if fraction == 1 else "failed" if fraction == 0 else "partial"
    detail = (
        ""
        if hidden
        else _inputs_text(part, run.args) + ("\n" + comparison.table if comparison.table else "")
    )
    reason = comparison.message if not hidden or fraction == 1 else _hidden_reason(comparison)
    return ItemResult(
        case.id,
        label,
        share * fraction,
        share,
        status,
        reason,
        detail=detail.strip(),
        hidden=hidden,
    )


def _compare(part: CodePart, got: Any, expected: Any) -> tuple[float, Comparison]:
    tol = {"rtol": part.rtol, "atol": part.atol}
    if part.returns == "array":
        c = compare_array(got, expected, **tol)
        return _fraction(c), c
    if part.returns == "pair":
        if not isinstance(got, tuple | list) or len(got) != 2:
            return 0.0, Comparison("failed", f"expected a pair (h_t, c_t), got {_kind(got)}")
        cs = [compare_array(g, e, **tol) for g, e in zip(got, expected, strict=True)]
        worst = min(cs, key=_fraction)
        names = ("first", "second")
        msg = "; ".join(f"{n} element: {c.message}" for n, c in zip(names, cs, strict=True))
        return min(_fraction(c) for c in cs), Comparison(worst.verdict, msg, worst.table)
    return _compare_dict(got, expected, **tol)


def _compare_dict(
    got: Any, expected: dict[str, float], *, rtol: float, atol: float
) -> tuple[float, Comparison]:
    if not isinstance(got, dict):
        return 0.0, Comparison(
            "failed", f"expected a dict with keys {sorted(expected)}, got {_kind(got)}"
        )
    right, notes = 0, []
    for key, value in expected.items():
        if key not in got:
            notes.append(f"{key}: missing")
            continue
        c = compare_array(got[key], value, rtol=rtol, atol=atol)
        right += c.verdict == "passed"
        if c.verdict != "passed":
            shown = as_floats(got[key])
            notes.append(f"{key}: got {_short(shown)}, expected {value:.7g}")
    fraction = right / len(expected)
    msg = (
        "all four gradients match"
        if fraction == 1
        else f"{right} of {len(expected)} right; " + "; ".join(notes)
    )
    return fraction, Comparison("passed" if fraction == 1 else "failed", msg)


def _hidden_reason(c: Comparison) -> str:
    """What a student may learn of a hidden case: pass, wrong shape or wrong values."""
    if c.verdict == "wrong_shape":
        return "hidden case: right values in the wrong shape"
    return "hidden case: the returned value does not match the reference"


def _fraction(c: Comparison) -> float:
    return {"passed": 1.0, "wrong_shape": 0.5, "failed": 0.0}[c.verdict]


def _failure_text(out: CallOutcome, hidden: bool) -> str:
    first = out.error.strip().splitlines()[-1] if out.error.strip() else out.status
    named = {
        "timeout": "time limit exceeded (an infinite loop, or far too slow)",
        "memory": "memory limit exceeded",
        "crashed": "the process crashed (e.g. a segfault or infinite recursion)",
        "no_result": "the code exited without returning a result",
        "bad_output": f"the returned value cannot be read as data: {first}",
        "missing_function": out.error or "function not defined",
        "forbidden_import": out.error or "a forbidden import",
    }.get(out.status, f"raised {first}")
    return f"hidden case failed: {named}" if hidden and out.status == "raised" else named


def _mutated_args(part: CodePart, runs: Sequence[CaseRun]) -> list[str]:
    names: list[str] = []
    for run in runs:
        if run.outcome.status != "ok" or len(run.outcome.args_after) != len(run.args):
            continue
        for name, before, after in zip(part.params, run.args, run.outcome.args_after, strict=False):
            if isinstance(before, np.ndarray) and not _same(before, after) and name not in names:
                names.append(name)
    return names


def _same(before: np.ndarray, after: Any) -> bool:
    arr = as_floats(after)
    return arr is not None and arr.shape == before.shape and bool(np.array_equal(arr, before))


def _inputs_text(part: CodePart, args: Sequence[Any]) -> str:
    shown = []
    for name, value in zip(part.params, args, strict=False):
        if isinstance(value, np.ndarray):
            shown.append(
                f"{name}: array {tuple(value.shape)}"
                + (f" = {np.array2string(value, precision=4)}" if value.size <= 8 else "")
            )
        else:
            shown.append(f"{name} = {value!r}")
    return "inputs: " + "; ".join(shown)


def _kind(value: Any) -> str:
    return "None" if value is None else f"a {type(value).__name__}"


def _short(arr: np.ndarray | None) -> str:
    return (
        "not a number"
        if arr is None
        else np.array2string(arr, precision=7)
        if arr.ndim
        else f"{float(arr):.7g}"
    )


__all__ = ["CaseRun", "Evidence", "Located", "locate", "not_run", "score", "sources_of"]
