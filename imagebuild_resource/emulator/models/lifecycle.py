"""Lifecycle executions: the background runs that StartResourceStateUpdate starts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..clock import VirtualClock

LIFECYCLE_MINUTES = 2.0
"""Modeled duration of a lifecycle execution (our choice)."""


@dataclass
class LifecycleExecution:
    """One execution: which image it changes to which status, and when it runs (modeled time)."""

    id: str
    resource_arn: str
    status: str
    include: dict[str, bool]
    start: float
    end: float
    impacted: bool

    def is_done(self, now: float) -> bool:
        """True once the execution has finished."""
        return now >= self.end

    def render(self, clock: VirtualClock) -> dict[str, Any]:
        """GetLifecycleExecution's ``lifecycleExecution``: IN_PROGRESS until its end, then SUCCESS."""
        done = self.is_done(clock.now())
        out: dict[str, Any] = {
            "lifecycleExecutionId": self.id,
            "resourcesImpactedSummary": {"hasImpactedResources": self.impacted},
            "state": {"status": "SUCCESS" if done else "IN_PROGRESS"},
            "startTime": clock.real_at(self.start),
        }
        if done:
            out["endTime"] = clock.real_at(self.end)
        return out

    def to_json(self) -> dict[str, Any]:
        """The state file's form."""
        return asdict(self)
