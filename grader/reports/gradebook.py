"""The class gradebook: one row per submission, one column per part id, and the total."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from grader.results import SubmissionResult


def format_gradebook(results: Sequence[SubmissionResult], part_ids: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *part_ids, "total", "max", "needs_review"])
    for result in results:
        points = {p.part: p.points for p in result.parts}
        review = sum(p.needs_review for p in result.parts)
        writer.writerow(
            [
                result.id,
                *(_fmt(points.get(pid)) for pid in part_ids),
                _fmt(result.score),
                _fmt(result.max_score),
                review,
            ]
        )
    return out.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
