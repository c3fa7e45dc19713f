"""Finding the build a killed deployment left behind, and marking a build as held by the state.

A deployment that dies mid-wait leaves its build running and nothing in the state. Before
starting a build, :func:`find_leftover` looks for one this resource started with the same
inputs that no ``create()`` has finished (it lacks ``imagebuild:recorded``). Our policy:

- in progress or AVAILABLE: wait on it instead of building again (reattach);
- FAILED or CANCELLED: resumed in place with RetryImage when :mod:`.resume`'s policy allows
  it (and the resource's ``resume_failed_builds`` is on); otherwise never reused: a new build
  starts, and the message names the leftover, which ``imagebuild orphans`` lists and deletes;
- anything else (DEPRECATED, DISABLED, DELETED): ignored.

The lookup lists the builds of the recipe's image version with ListImageBuildVersions, every
page, each as large as botocore's model allows (``maxResults`` at most 100), up to
:data:`MAX_BUILDS_READ` builds. botocore's model documents no order for that list, so none is
assumed: every build read is judged by its tags and status, and when several could be reused
the one with the highest build number (the last part of its ARN) is taken, as the newest
(our choice). A recipe ARN with a wildcard version has no image version to list, so there is
no lookup for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import servicemodel
from .caller import NOT_FOUND, Caller, CallFailed
from .identity import RECORDED_TAG, RESUMES_TAG, Identity, image_version_arn
from .images import AVAILABLE, CANCELLED, FAILED, is_in_progress
from .resume import can_resume, kept_minutes, resumes_of, resuming_message


ACCESS_DENIED_CODES = frozenset({"AccessDeniedException", "ForbiddenException"})
"""Errors that say the role may not list builds (the lookup is then skipped, with a warning)."""

LOOKUP = "ListImageBuildVersions"
PAGE_SIZE = servicemodel.largest_page(LOOKUP)
"""Builds per page: the largest ``maxResults`` botocore's model allows (100)."""

MAX_BUILDS_READ = 1000
"""How many builds of one image version a lookup reads at most (our bound): 10 pages of 100, a
second or so before each create. A nightly pipeline makes 1000 builds of one image version in
almost three years; a bound keeps a lookup from paging without end before every create (and
from spending the account's call rate on it). Past it, the lookup says so on the resource's row,
and a build left among the unread ones is not reused."""

MAX_PAGES = MAX_BUILDS_READ // PAGE_SIZE

Say = Callable[..., None]
"""``say(message, severity="info")``: a line on the resource's row."""


@dataclass(frozen=True)
class Leftover:
    """A build of this resource that no finished ``create()`` recorded: its ARN, status and whether to reuse it."""

    arn: str
    status: str | None
    summary: Mapping[str, Any] = field(default_factory=dict, compare=False)
    """The build as ListImageBuildVersions lists it."""

    @property
    def resumable(self) -> bool:
        """Whether :mod:`.resume`'s policy resumes it with RetryImage."""
        return can_resume(self.summary)

    @property
    def reusable(self) -> bool:
        return self.status == AVAILABLE or is_in_progress(self.status)

    @property
    def number(self) -> int:
        """The build number, the last part of the ARN (``.../image/NAME/1.0.0/7`` -> 7; 0 if it has none)."""
        tail = self.arn.rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0


@dataclass(frozen=True)
class Lookup:
    """What a lookup found: the leftovers, newest (highest build number) first, and whether it read every build."""

    leftovers: list[Leftover]
    complete: bool = True


@dataclass(frozen=True)
class Reuse:
    """A build this resource left behind, to wait on (``resume`` False) or to resume with RetryImage first."""

    arn: str
    resume: bool = False
    summary: Mapping[str, Any] = field(default_factory=dict, compare=False)


def leftover_to_reuse(caller: Caller, identity: Identity, recipe_arn: str | None, say: Say,
                      resume: bool = True) -> Reuse | None:
    """A build to wait on (or, with ``resume``, to resume) instead of starting one, if this resource left one.

    Says what it found, and when the lookup stopped at its bound. A role that may not list
    builds loses only the reattach: the build starts, with a warning.
    """
    try:
        found = find_leftover(caller, identity, recipe_arn)
    except CallFailed as error:
        if error.code not in ACCESS_DENIED_CODES:
            raise
        say(f"could not look for a build left by an interrupted deployment ({error}); grant "
            "imagebuilder:ListImageBuildVersions so that a rerun never pays for a second build")
        return None
    reusable = next((leftover for leftover in found.leftovers if leftover.reusable), None)
    resumable = next((leftover for leftover in found.leftovers if resume and leftover.resumable), None)
    if reusable is None and resumable is not None:
        say(resuming_message(resumable.arn, resumable.summary, kept_minutes(caller, resumable.arn, resumable.summary)))
        return Reuse(resumable.arn, resume=True, summary=resumable.summary)
    for leftover in found.leftovers:
        if leftover.status in (FAILED, CANCELLED):
            say(f"an earlier deployment of this resource left image build {leftover.arn}, which ended "
                f"{leftover.status}; it is not reused (`imagebuild orphans` lists and deletes such builds)")
    if reusable is None:
        if not found.complete:
            say(f"looked for a build left by an interrupted deployment in the first {MAX_PAGES} pages of builds of "
                f"{image_version_arn(str(recipe_arn))} only (the lookup's bound, {MAX_BUILDS_READ} builds at most) and "
                "found none: one left among the others would not be reused (`imagebuild orphans` lists such builds)",
                severity="warning")
        return None
    say(f"reattached to image build {reusable.arn} ({reusable.status}), started by an earlier deployment of this "
        "resource that was interrupted before it finished; no second build is started")
    return Reuse(reusable.arn)


def find_leftover(caller: Caller, identity: Identity, recipe_arn: str | None,
                  max_pages: int = MAX_PAGES) -> Lookup:
    """Builds of ``recipe_arn`` this resource started with these inputs that no ``create()`` recorded.

    Reads at most ``max_pages`` pages; the order AWS lists them in decides nothing.
    """
    version_arn = image_version_arn(recipe_arn) if recipe_arn else None
    if version_arn is None:
        return Lookup([])
    pages = caller.pages(LOOKUP, "imageSummaryList", max_pages=max_pages, imageVersionArn=version_arn,
                         maxResults=PAGE_SIZE)
    found: list[Leftover] = []
    try:
        for summary in pages:
            tags = summary.get("tags") or {}
            if identity.started(tags) and RECORDED_TAG not in tags:
                found.append(Leftover(summary["arn"], (summary.get("state") or {}).get("status"), summary))
    except CallFailed as error:
        if error.code != NOT_FOUND:
            raise
        return Lookup([])
    return Lookup(sorted(found, key=lambda leftover: leftover.number, reverse=True), complete=not pages.truncated)


def mark_recorded(caller: Caller, arn: str, resumed: bool = False) -> None:
    """Tag the build as held by the state, so that no later lookup picks it up (a resumed build's count goes)."""
    if resumed:
        caller.must("UntagResource", resourceArn=arn, tagKeys=[RESUMES_TAG])
    caller.must("TagResource", resourceArn=arn, tags={RECORDED_TAG: "true"})


def count_resume(caller: Caller, reuse: Reuse) -> None:
    """Tag a build about to be resumed with its new count of resumes."""
    caller.must("TagResource", resourceArn=reuse.arn, tags={RESUMES_TAG: str(resumes_of(reuse.summary.get("tags")) + 1)})
