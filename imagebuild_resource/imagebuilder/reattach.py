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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .caller import NOT_FOUND, Caller, CallFailed
from .identity import RECORDED_TAG, Identity, image_version_arn
from .images import AVAILABLE, CANCELLED, FAILED, is_in_progress


ACCESS_DENIED_CODES = frozenset({"AccessDeniedException", "ForbiddenException"})
"""Errors that say the role may not list builds (the lookup is then skipped, with a warning)."""

MAX_PAGES = 2
"""ListImageBuildVersions pages read by one lookup."""

@dataclass(frozen=True)
class Leftover:
    """A build of this resource that no finished ``create()`` recorded: its ARN, status and whether to reuse it."""

    arn: str
    status: str | None

    @property
    def reusable(self) -> bool:
        return self.status == AVAILABLE or is_in_progress(self.status)


def leftover_to_reuse(caller: Caller, identity: Identity, recipe_arn: str | None,
                      say: Callable[[str], None]) -> str | None:
    """The ARN of a build to wait on instead of starting one, if this resource left one behind.

    Says what it found. A role that may not list builds loses only the reattach: the build
    starts, with a warning.
    """
    try:
        leftovers = find_leftover(caller, identity, recipe_arn)
    except CallFailed as error:
        if error.code not in ACCESS_DENIED_CODES:
            raise
        say(f"could not look for a build left by an interrupted deployment ({error}); grant "
            "imagebuilder:ListImageBuildVersions so that a rerun never pays for a second build")
        return None
    reusable = next((leftover for leftover in leftovers if leftover.reusable), None)
    for leftover in leftovers:
        if leftover.status in (FAILED, CANCELLED):
            say(f"an earlier deployment of this resource left image build {leftover.arn}, which ended "
                f"{leftover.status}; it is not reused (`imagebuild orphans` lists and deletes such builds)")
    if reusable is None:
        return None
    say(f"reattached to image build {reusable.arn} ({reusable.status}), started by an earlier deployment of this "
        "resource that was interrupted before it finished; no second build is started")
    return reusable.arn


def find_leftover(caller: Caller, identity: Identity, recipe_arn: str | None) -> list[Leftover]:
    """Builds of ``recipe_arn`` this resource started with these inputs that no ``create()`` recorded, newest first."""
    version_arn = image_version_arn(recipe_arn) if recipe_arn else None
    if version_arn is None:
        return []
    found: list[Leftover] = []
    try:
        for summary in caller.pages("ListImageBuildVersions", "imageSummaryList", max_pages=MAX_PAGES,
                                  imageVersionArn=version_arn):
            tags = summary.get("tags") or {}
            if identity.started(tags) and RECORDED_TAG not in tags:
                found.append(Leftover(summary["arn"], (summary.get("state") or {}).get("status")))
    except CallFailed as error:
        if error.code != NOT_FOUND:
            raise
        return []
    return sorted(found, key=lambda leftover: _build_number(leftover.arn), reverse=True)


def mark_recorded(caller: Caller, arn: str) -> None:
    """Tag the build as held by the state, so that no later lookup picks it up."""
    caller.must("TagResource", resourceArn=arn, tags={RECORDED_TAG: "true"})


def _build_number(arn: str) -> int:
    tail = arn.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0
