"""The student's self-check summary for the terminal (public cases only)."""

from __future__ import annotations

from grader.results import PartResult, SubmissionResult


def format_check_summary(result: SubmissionResult) -> str:
    lines = [f"Self-check of {result.id} (public checks only; hidden cases are not run)", ""]
    lines += [f"  note: {note}" for note in result.notes]
    unanswered = [p.part for p in result.parts if p.status == "not_answered"]
    for part in result.parts:
        if part.status != "not_answered":
            lines += _part_lines(part)
    if unanswered:
        lines.append(f"--  not answered: {', '.join(unanswered)}")
    lines += ["", f"Public total: {result.score:g} / {result.max_score:g}"]
    return "\n".join(lines)


def _part_lines(part: PartResult) -> list[str]:
    mark = "ok " if part.points >= part.max_points else "-- "
    out = [f"{mark} {part.part:<22} {part.points:>5g} / {part.max_points:g}"]
    seen: set[str] = set()
    for item in part.items:
        if item.points >= item.max_points > 0 or item.hidden or item.reason in seen:
            continue
        seen.add(item.reason)
        out.append(f"      {item.id}: {item.reason}"[:240])
    return out
