"""Image Builder's image statuses: the one vocabulary every module uses.

This module owns the decision of what each status means. The names follow botocore's
``ImageStatus`` enum; the groups say what a caller can expect next:

* ``IN_PROGRESS``: the build is still running and will change on its own.
* ``BUILD_ENDED``: where a build's own run ends (the seed workflow's three ``end`` states).
* ``RETIRED``: set by a lifecycle action (or by hand) after the build ended.
* ``FINISHED``: not running any more: the build can be deleted, not cancelled.
* ``CANNOT_SUCCEED``: the build will never become AVAILABLE from here.
* ``POLL_FAST``: one short step from the end, so an end is noticed quickly.
* ``MARKED_OUTSIDE``: retired by a lifecycle action or by hand, yet still there to read.
"""

from __future__ import annotations

AVAILABLE = "AVAILABLE"
FAILED = "FAILED"
CANCELLED = "CANCELLED"
DELETED = "DELETED"

BUILD_STAGES: tuple[str, ...] = ("PENDING", "CREATING", "BUILDING", "TESTING", "DISTRIBUTING", "INTEGRATING")
"""The in-progress statuses, in the order a build passes through them."""

IN_PROGRESS = frozenset(BUILD_STAGES)
BUILD_ENDED = frozenset({AVAILABLE, FAILED, CANCELLED})
RETIRED = frozenset({"DEPRECATED", "DISABLED", DELETED})
FINISHED = BUILD_ENDED | RETIRED
CANNOT_SUCCEED = frozenset({FAILED, CANCELLED}) | RETIRED
POLL_FAST = frozenset({"DISTRIBUTING", "INTEGRATING"})
MARKED_OUTSIDE = RETIRED - {DELETED}


def is_in_progress(status: str | None) -> bool:
    """True while a build can still change on its own (an unknown new status counts as running)."""
    return status is not None and status not in FINISHED
