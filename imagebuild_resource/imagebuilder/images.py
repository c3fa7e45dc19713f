"""An image build version as GetImage shows it: what each status means, and reading one.

This module owns the decision of what each status means, the one vocabulary every module
uses. The names follow botocore's ``ImageStatus`` enum; the groups say what a caller can expect next:

* ``IN_PROGRESS``: the build is still running and will change on its own.
* ``BUILD_ENDED``: where a build's own run ends (the seed workflow's three ``end`` states).
* ``RETIRED``: set by a lifecycle action (or by hand) after the build ended.
* ``FINISHED``: not running any more: the build can be deleted, not cancelled.
* ``CANNOT_SUCCEED``: the build will never become AVAILABLE from here.
* ``MARKED_OUTSIDE``: retired by a lifecycle action or by hand, yet still there to read.
"""

from __future__ import annotations

from typing import Any

from ..arazzo.timing import Sleeper
from .caller import NOT_FOUND, Caller, CallFailed

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
MARKED_OUTSIDE = RETIRED - {DELETED}


def is_in_progress(status: str | None) -> bool:
    """True while a build can still change on its own (an unknown new status counts as running)."""
    return status is not None and status not in FINISHED


def status_of(image: dict[str, Any] | None) -> str | None:
    """``image.state.status``; None for a build that does not exist."""
    return ((image or {}).get("state") or {}).get("status")


def find_image(caller: Caller, arn: str, sleeper: Sleeper | None = None) -> dict[str, Any] | None:
    """GetImage's ``image``, or None if the build does not exist."""
    response = caller.call("GetImage", sleeper, imageBuildVersionArn=arn)
    if response.error_code == NOT_FOUND:
        return None
    if response.error_code:
        raise CallFailed("GetImage", response.error_code, response.error_message)
    return dict(response.body["image"])
