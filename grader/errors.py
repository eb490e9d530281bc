"""Every error the grader raises, split by who has to act on it.

    GraderError
    ├── SpecError            spec author: a problem file is wrong (usage error, exit 2)
    │   └── UsageError       instructor or student: bad command line or path (exit 2)
    ├── SubmissionError      student: the submission cannot be read (that part or file scores 0)
    └── InternalError        grader bug: the part is marked "could not grade" with a traceback

Checks never raise for a wrong answer: a wrong answer is a result with 0 points.
Only the three branches above cross module boundaries.
"""

from __future__ import annotations


class GraderError(Exception):
    """Base class of every error the grader raises on purpose."""


class SpecError(GraderError):
    """A problem spec is invalid. Fix the named file, field and value, then rerun."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None) -> None:
        self.file = file
        self.field = field
        where = ": ".join(x for x in (file, field) if x)
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(SpecError):
    """The command line names something that does not exist or does not fit."""


class SubmissionError(GraderError):
    """A submission (or one file in it) cannot be read; the message is shown to the student."""


class InternalError(GraderError):
    """A bug in the grader itself. The instructor sees the traceback; the student sees
    "could not grade this part" and no points are silently lost (the part is flagged)."""
