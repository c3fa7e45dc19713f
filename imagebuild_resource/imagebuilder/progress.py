"""Words for a waiting build: one line per status change, and a status line with the time spent in it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def duration(seconds: float) -> str:
    """``45s``, ``12m``, ``1h05m``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class BuildProgress:
    """Follows the images a wait observes; ``observe`` returns what to show for each."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.status: str | None = None
        self.since = now()

    def observe(self, image: dict[str, Any]) -> tuple[str | None, str]:
        """``(change, status)``: a line for a status change (None if unchanged) and the current status line."""
        status = str((image.get("state") or {}).get("status") or "UNKNOWN")
        change = None
        if status != self.status:
            at = self.now()
            held = f" after {duration(at - self.since)}" if self.status is not None else ""
            change = f"{self.status or 'START'} -> {status}{held}"
            self.status, self.since = status, at
        return change, f"{status} ({duration(self.now() - self.since)})"
