"""Running student code: confined children of warmed, secret-free zygotes.

    with Sandbox(slots=2) as sandbox:
        outcome = sandbox.call([Source("ols.py", text)], "fit_ols", (X, y))

See ``zygote`` for the process layout, ``confine`` for the isolation steps, ``codec``
for the data-only result channel and ``verdict`` for how outcomes are decided.
"""

from grader.sandbox.outcome import CallOutcome, Limits, Source, Status
from grader.sandbox.sandbox import Sandbox, layers

__all__ = ["CallOutcome", "Limits", "Sandbox", "Source", "Status", "layers"]
