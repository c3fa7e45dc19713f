"""Finding the build a killed deployment left behind, and marking a build as held by the state.

A deployment that dies mid-wait leaves its build running and nothing in the state. Before
starting a build, :func:`find_leftover` looks for one this resource started with the same
inputs that no ``create()`` has finished (it lacks ``imagebuild:recorded``). Our policy:

- in progress or AVAILABLE: wait on it instead of building again (reattach);
- FAILED or CANCELLED: never reused; a new build starts, and the message names the
  leftover, which ``imagebuild orphans`` lists and deletes;
- anything else (DEPRECATED, DISABLED, DELETED): ignored.

The lookup is one ListImageBuildVersions call on the recipe's image version, two at most
(a third page of builds of one recipe version is not read: the build is then started
anew). A recipe ARN with a wildcard version has no image version to list, so there is no
lookup for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .identity import RECORDED_TAG, Identity, image_version_arn
from .session import Session
from .statuses import AVAILABLE, is_in_progress
from .waiters import NOT_FOUND, CallFailed

ACCESS_DENIED_CODES = frozenset({"AccessDeniedException", "ForbiddenException"})
"""Errors that say the role may not list builds (the lookup is then skipped, with a warning)."""

MAX_PAGES = 2
"""ListImageBuildVersions pages read by one lookup."""

_RECIPE_MEMBERS = ("imageRecipeArn", "containerRecipeArn")


@dataclass(frozen=True)
class Leftover:
    """A build of this resource that no finished ``create()`` recorded: its ARN, status and whether to reuse it."""

    arn: str
    status: str | None

    @property
    def reusable(self) -> bool:
        return self.status == AVAILABLE or is_in_progress(self.status)


def find_leftover(session: Session, identity: Identity, members: Mapping[str, Any]) -> list[Leftover]:
    """Builds this resource started with these inputs that no ``create()`` recorded, newest first."""
    recipe = next((members[name] for name in _RECIPE_MEMBERS if isinstance(members.get(name), str)), None)
    version_arn = image_version_arn(recipe) if recipe else None
    if version_arn is None:
        return []
    found: list[Leftover] = []
    token: str | None = None
    for _ in range(MAX_PAGES):
        response = session.call("ListImageBuildVersions", imageVersionArn=version_arn, nextToken=token)
        if response.error_code == NOT_FOUND:
            return []
        if response.error_code:
            raise CallFailed("ListImageBuildVersions", response.error_code, response.error_message)
        for summary in response.body.get("imageSummaryList") or []:
            tags = summary.get("tags") or {}
            if identity.started(tags) and RECORDED_TAG not in tags:
                found.append(Leftover(summary["arn"], (summary.get("state") or {}).get("status")))
        token = response.body.get("nextToken")
        if not token:
            break
    return sorted(found, key=lambda leftover: _build_number(leftover.arn), reverse=True)


def mark_recorded(session: Session, arn: str) -> None:
    """Tag the build as held by the state, so that no later lookup picks it up."""
    response = session.call("TagResource", resourceArn=arn, tags={RECORDED_TAG: "true"})
    if response.error_code:
        raise CallFailed("TagResource", response.error_code, response.error_message)


def _build_number(arn: str) -> int:
    tail = arn.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0
