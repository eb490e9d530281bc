"""The student's self-check summary for the terminal (public cases only)."""

from __future__ import annotations

from grader.results import SubmissionResult


def format_check_summary(result: SubmissionResult) -> str:
    lines = [f"Self-check of {result.id} (public checks only; hidden cases are not run)", ""]
    for note in result.notes:
        lines.append(f"  note: {note}")
    for part in result.parts:
        mark = "ok " if part.points >= part.max_points else "-- "
        lines.append(f"{mark} {part.part:<22} {part.points:>5g} / {part.max_points:g}")
        if part.status == "not_answered":
            lines.append("      not answered")
            continue
        for item in part.items:
            if item.points >= item.max_points > 0 or item.hidden:
                continue
            lines.append(f"      {item.id}: {item.reason}"[:240])
    lines += ["", f"Public total: {result.score:g} / {result.max_score:g}"]
    return "\n".join(lines)
