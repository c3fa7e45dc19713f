"""Resuming a build in place with RetryImage: which leftover builds are resumed, how often, and the words for it.

botocore's model (1.44.8) documents RetryImage: "Retries a failed or canceled image build without
rebuilding the phases that already completed. The image re-runs asynchronously in place: the same
build version returns to the test or distribution phase where it failed and continues from there.
No new image build version is created. Retry is only supported for AMI-based images."

Our policy, owned here:

- a FAILED AMI build whose failure context's ``imageStatus`` is TESTING or DISTRIBUTING is
  resumed; one that failed earlier (BUILDING) or a container build is built anew;
- a CANCELLED AMI build is resumed too; its failure context is not set ("Image Builder only sets
  this property when the image status is FAILED"), so where it stopped is Image Builder's to say:
  a RetryImage it refuses leads to a new build;
- a build is resumed at most :data:`MAX_RESUMES` times (counted by its ``imagebuild:resumes``
  tag); past that it is built anew, since a cause that three retries did not clear needs a look.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from .caller import Caller
from .identity import RESUMES_TAG
from .images import CANCELLED, FAILED

RESUMABLE_STAGES = ("TESTING", "DISTRIBUTING")
"""Where a FAILED build is resumed from: "the test or distribution phase where it failed"."""

KEPT_PHASES = {"TESTING": ("BUILDING",), "DISTRIBUTING": ("BUILDING", "TESTING")}
"""The phases a resume keeps, by the stage it resumes."""
_WORKFLOW_OF = {"BUILDING": "BUILD", "TESTING": "TEST"}

MAX_RESUMES = 3
"""How many times one build is resumed at most (our bound)."""

REFUSALS = frozenset({"InvalidRequestException", "ResourceInUseException"})
"""RetryImage's answers that say this build cannot be retried: a new build is started instead."""

AMI = "AMI"


def stopped_in(image: Mapping[str, Any] | None) -> str | None:
    """The stage a FAILED build failed in (its failure context's ``imageStatus``), if the build says."""
    context = ((image or {}).get("state") or {}).get("failureContext") or {}
    stage = context.get("imageStatus")
    return stage if isinstance(stage, str) else None


def resumes_of(tags: Mapping[str, str] | None) -> int:
    """How many times the build was resumed already (its ``imagebuild:resumes`` tag)."""
    value = (tags or {}).get(RESUMES_TAG, "0")
    return int(value) if value.isdigit() else MAX_RESUMES


def can_resume(image: Mapping[str, Any] | None) -> bool:
    """Whether a build that ended (a GetImage image or a ListImageBuildVersions summary) is resumed by our policy."""
    if not image or image.get("type") != AMI or resumes_of(image.get("tags")) >= MAX_RESUMES:
        return False
    status = (image.get("state") or {}).get("status")
    return status == CANCELLED or (status == FAILED and stopped_in(image) in RESUMABLE_STAGES)


def where(image: Mapping[str, Any] | None) -> str:
    """``at DISTRIBUTING`` for a FAILED build, ``where it was cancelled`` for a CANCELLED one."""
    stage = stopped_in(image)
    return f"at {stage}" if stage else "where it was cancelled"


def kept(image: Mapping[str, Any] | None, minutes: float | None = None) -> str:
    """What a resume keeps, in words: the phases, and how long they took when ``minutes`` is known."""
    phases = KEPT_PHASES.get(stopped_in(image) or "")
    if not phases:
        return "the phases it completed are kept"
    names = " and ".join(phases)
    if minutes is not None and minutes >= 1:
        return f"the {minutes:.0f} minutes of {names} are kept"
    phase, verb = ("phases", "are") if len(phases) > 1 else ("phase", "is")
    under = " (under a minute)" if minutes is not None else ""
    return f"the {names} {phase}{under} {verb} kept"


def kept_minutes(caller: Caller, arn: str, image: Mapping[str, Any]) -> float | None:
    """How long the phases a resume keeps took: their workflow executions' times (one read, never retried).

    None when it cannot be told: a cancelled build (no stage), or the read failed.
    """
    phases = KEPT_PHASES.get(stopped_in(image) or "")
    if not phases:
        return None
    response = caller.once("ListWorkflowExecutions", imageBuildVersionArn=arn)
    if response.error_code or not isinstance(response.body, Mapping):
        return None
    wanted = {_WORKFLOW_OF[phase] for phase in phases}
    seconds = 0.0
    for execution in response.body.get("workflowExecutions") or []:
        try:
            began, ended = (datetime.datetime.fromisoformat(str(execution[key])) for key in ("startTime", "endTime"))
        except (KeyError, ValueError):
            continue
        if execution.get("type") in wanted:
            seconds += (ended - began).total_seconds()
    return seconds / 60


def resuming_message(arn: str, image: Mapping[str, Any], minutes: float | None = None) -> str:
    """The line a resume says on the resource's row."""
    count = resumes_of(image.get("tags")) + 1
    return (f"resuming image build {arn} {where(image)} (RetryImage, resume {count} of at most {MAX_RESUMES}): "
            f"{kept(image, minutes)}, and no new build is started")


def next_up_hint(image: Mapping[str, Any] | None, enabled: bool) -> str:
    """For a failed ``up``: what the next ``up`` does with this build (resume it, and from where), or ""."""
    if not enabled:
        return ""
    done = resumes_of((image or {}).get("tags"))
    if not can_resume(image):
        bound = done >= MAX_RESUMES and can_resume({**(image or {}), "tags": {}})
        return (f"resume: resumed {done} times already, the bound: the next `pulumi up` builds anew." if bound else "")
    resumed = f"resumed {done} of at most {MAX_RESUMES} times; " if done else ""
    return (f"resume: {resumed}the next `pulumi up` with the same inputs resumes this build {where(image)} with RetryImage "
            f"({kept(image)}; at most {MAX_RESUMES} resumes per build; resume_failed_builds=false builds anew).")
