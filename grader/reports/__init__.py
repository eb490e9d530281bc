"""Reporters: every one renders the same SubmissionResult (scores are decided in checks)."""

from grader.reports.gradebook import format_gradebook
from grader.reports.gradescope import format_results_json, to_gradescope
from grader.reports.html import format_feedback, format_index
from grader.reports.terminal import format_check_summary

__all__ = [
    "format_check_summary",
    "format_feedback",
    "format_gradebook",
    "format_index",
    "format_results_json",
    "to_gradescope",
]
