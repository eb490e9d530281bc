"""Gradescope's autograder ``results.json``: one test per part, numbered by part id."""

from __future__ import annotations

import json
from typing import Any

from grader.results import ItemResult, PartResult, SubmissionResult


def to_gradescope(result: SubmissionResult) -> dict[str, Any]:
    tests = [_test(p) for p in result.parts]
    data: dict[str, Any] = {
        "score": result.score,
        "max_score": result.max_score,
        "execution_time": result.execution_time,
        "output": _overall(result),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "submission": result.id,
            "needs_review": [p.part for p in result.parts if p.needs_review],
            "details": result.to_dict(),
        },
    }
    return data


def format_results_json(result: SubmissionResult) -> str:
    return json.dumps(to_gradescope(result), indent=2, ensure_ascii=False, default=str)


def _test(part: PartResult) -> dict[str, Any]:
    return {
        "number": part.part,
        "name": f"{part.part}: {part.title}"[:200],
        "score": part.points,
        "max_score": part.max_points,
        "status": "passed" if part.points >= part.max_points else "failed",
        "output": format_part_text(part),
        "visibility": "visible",
        "tags": ["needs-review"] if part.needs_review else [],
    }


def format_part_text(part: PartResult) -> str:
    """Plain-text feedback for one part: each item's points and reason."""
    lines = [f"{part.part}: {part.points:g}/{part.max_points:g}"]
    lines.extend(_item_line(i) for i in part.items)
    if part.review:
        lines.append("Flagged for review: " + "; ".join(part.review))
    return "\n".join(lines)


def _item_line(item: ItemResult) -> str:
    pts = f"{item.points:+g}" if item.points < 0 else f"{item.points:g}/{item.max_points:g}"
    text = f"- [{pts}] {item.rubric} — {item.reason}"
    if item.evidence and not item.hidden:
        ev = item.evidence[0]
        where = f" (line {ev.line})" if ev.line else ""
        text += f"\n    evidence{where}: {ev.text[:300]}"
    if item.detail and not item.hidden:
        text += "\n" + "\n".join("    " + line for line in item.detail.splitlines()[:20])
    return text


def _overall(result: SubmissionResult) -> str:
    lines = [f"Total: {result.score:g}/{result.max_score:g}"]
    lines.extend(f"Note: {n}" for n in result.notes)
    return "\n".join(lines)
