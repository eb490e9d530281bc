"""HTML feedback (one page per submission) and the class index, rendered with Jinja.

Autoescape is on and undefined names fail: student text is shown, never interpreted.
The pages are self-contained (no scripts or fonts fetched from anywhere).
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from grader.results import SubmissionResult

_ENV = Environment(
    loader=PackageLoader("grader", "reports/templates"),
    autoescape=select_autoescape(["html"], default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["pts"] = lambda v: f"{round(v, 2):g}"


def format_feedback(result: SubmissionResult) -> str:
    return _ENV.get_template("feedback.html").render(r=result)


def format_index(results: Sequence[tuple[SubmissionResult, str]], part_ids: Sequence[str]) -> str:
    """The class index; each result comes with the folder its feedback page is in."""
    rows = sorted(results, key=lambda rf: rf[0].id)
    return _ENV.get_template("index.html").render(rows=rows, part_ids=part_ids)
