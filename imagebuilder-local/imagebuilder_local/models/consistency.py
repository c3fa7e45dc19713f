"""Eventual consistency: GetImage may answer ResourceNotFoundException right after CreateImage.

AWS's read APIs are eventually consistent (the ListImages documentation: "Newly created images
can take up to two minutes to appear in the ListImages API Results"), so a client must expect
GetImage to miss a build it has just created. The window is off by default; while it is set,
GetImage on a build created since answers exactly as for a build that does not exist, for
``seconds`` of service (modeled) time after the build started, or for its first ``calls``
GetImage calls, or both (our decision: the first of the two to end closes the window).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ..errors import ServiceError

FAULT = "notFoundAfterCreate"
"""The fault kind the call log records for these answers."""


@dataclass(frozen=True)
class _Window:
    since: float
    seconds: float | None
    calls: int | None


class NotFoundAfterCreate:
    """The window in which GetImage does not yet see a new build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window: _Window | None = None
        self._misses: dict[str, int] = {}

    def configure(self, now: float, seconds: float | None = None, calls: int | None = None) -> dict[str, Any]:
        """Apply to builds created from modeled time ``now`` on; neither ``seconds`` nor ``calls`` turns it off."""
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                    or seconds <= 0):
            raise ValueError("seconds must be a positive number of service seconds")
        if calls is not None and (isinstance(calls, bool) or not isinstance(calls, int) or calls < 1):
            raise ValueError("calls must be a positive integer")
        with self._lock:
            self._misses.clear()
            self._window = None if seconds is None and calls is None else _Window(
                now, None if seconds is None else float(seconds), calls)
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """The setting: ``{"seconds": ..., "calls": ...}`` (both None when off)."""
        window = self._window
        return {"seconds": window.seconds if window else None, "calls": window.calls if window else None}

    def check(self, arn: str, started: float, now: float) -> None:
        """Raise the not-found error if the build ``arn`` (started at ``started``) is still in the window."""
        with self._lock:
            window = self._window
            if window is None or started < window.since:
                return
            if window.seconds is not None and now - started >= window.seconds:
                return
            missed = self._misses.get(arn, 0)
            if window.calls is not None and missed >= window.calls:
                return
            self._misses[arn] = missed + 1
        raise not_found(arn, fault=FAULT)


def not_found(arn: str, fault: str | None = None) -> ServiceError:
    """GetImage's answer for a build it cannot see."""
    return ServiceError("ResourceNotFoundException", f"The image '{arn}' does not exist.", fault=fault)
