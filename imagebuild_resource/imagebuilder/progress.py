"""Words for a waiting build: one line per status change, and a status line with the step and the time spent."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .images import is_in_progress
from .steps import WorkflowStep


def duration(seconds: float) -> str:
    """``45s``, ``12m``, ``1h05m``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class BuildProgress:
    """Follows the images a wait observes (and the steps read); ``observe`` returns what to show for each."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.status: str | None = None
        self.since = now()
        self.step: WorkflowStep | None = None
        self._shown_step: tuple[str, str, str] | None = None

    def record_step(self, step: WorkflowStep) -> None:
        """Remember the workflow step last read (shown while the build is in the status it was read in)."""
        self.step = step

    def observe(self, image: dict[str, Any]) -> tuple[str | None, str]:
        """``(change, status)``: a line for a status change (None if unchanged) and the current status line.

        The first change is the first status alone (``PENDING``), later ones ``PENDING -> BUILDING
        after 40s``. The status line is ``BUILDING (12m)``, or ``BUILDING: step 4/9
        ApplyBuildComponents (12m)`` once a step of this status has been read.
        """
        status = str((image.get("state") or {}).get("status") or "UNKNOWN")
        change = None
        if status != self.status:
            at = self.now()
            change = status if self.status is None else f"{self.status} -> {status} after {duration(at - self.since)}"
            self.status, self.since = status, at
        return change, self.status_line()

    def status_line(self) -> str:
        """The current status, its step if known, and the time spent in the status."""
        step = f": {self.step.label()}" if self.step and self.step.during == self.status else ""
        return f"{self.status}{step} ({duration(self.now() - self.since)})"

    def new_step(self) -> str | None:
        """The status line, once per step of the running build's status not shown yet (else None)."""
        if self.step is None or self.step.during != self.status or not is_in_progress(self.status):
            return None
        key = (self.step.during, self.step.workflow, self.step.name)
        if key == self._shown_step:
            return None
        self._shown_step = key
        return self.status_line()
