"""Submission loading: answer sheets, code files and notebooks as plain data."""

from grader.submission.load import CodeFile, CodeSource, Submission, discover, load_submission
from grader.submission.sheet import Block, Sheet, read_sheet

__all__ = [
    "Block",
    "CodeFile",
    "CodeSource",
    "Sheet",
    "Submission",
    "discover",
    "load_submission",
    "read_sheet",
]
