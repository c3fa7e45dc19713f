"""Running builds from tests: a recording observer, and one call per kind of start through ``run_build``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from imagebuild_resource.imagebuilder import (BuildOutcome, BuildRequest, Caller, CreateImageStart, PipelineStart,
                                              WaitOptions, run_build)
from imagebuild_resource.imagebuilder.identity import Identity
from imagebuild_resource.imagebuilder.steps import WorkflowStep

Transition = Callable[[str | None, str, dict[str, Any]], None]


class Recorder:
    """A BuildObserver that records what it hears; ``on_transition(old, new, image)`` hears each status change."""

    def __init__(self, on_transition: Transition | None = None, on_observe: Callable[[dict], None] | None = None,
                 on_step: Callable[[WorkflowStep], None] | None = None,
                 on_say: Callable[[str], None] | None = None) -> None:
        self.on_transition, self.on_observe, self.on_step, self.on_say = on_transition, on_observe, on_step, on_say
        self.status: str | None = None
        self.transitions: list[tuple[str | None, str]] = []
        self.lines: list[tuple[str, str]] = []
        self.steps: list[WorkflowStep] = []

    def say(self, message: str, severity: str = "info") -> None:
        self.lines.append((severity, message))
        if self.on_say:
            self.on_say(message)

    def observe(self, image: dict[str, Any]) -> None:
        status = (image.get("state") or {}).get("status")
        if status is not None and status != self.status:
            old, self.status = self.status, status
            self.transitions.append((old, status))
            if self.on_transition:
                self.on_transition(old, status, image)
        if self.on_observe:
            self.on_observe(image)

    def step(self, step: WorkflowStep) -> None:
        self.steps.append(step)
        if self.on_step:
            self.on_step(step)


def _run(client: Any, start: Any, identity: Identity | None, observer: Recorder | None,
         on_transition: Transition | None, on_step: Callable[[WorkflowStep], None] | None,
         say: Callable[[str], None] | None, read_steps: bool | None, caller: dict[str, Any],
         resume: bool = True) -> BuildOutcome:
    observer = observer or Recorder(on_transition, on_step=on_step, on_say=say)
    steps = on_step is not None if read_steps is None else read_steps
    return run_build(Caller(client, **caller), BuildRequest(start, identity, steps, resume=resume), observer)


def image_build(client: Any, members: Mapping[str, Any], *, identity: Identity | None = None,
                observer: Recorder | None = None, on_transition: Transition | None = None,
                on_step: Callable[[WorkflowStep], None] | None = None, say: Callable[[str], None] | None = None,
                read_steps: bool | None = None, options: WaitOptions | None = None, resume: bool = True,
                **caller: Any) -> BuildOutcome:
    """A CreateImage build of ``members``; steps are read when ``on_step`` (or ``read_steps``) asks for them; with
    ``resume`` a build the identity left FAILED or CANCELLED is resumed when the policy allows."""
    return _run(client, CreateImageStart(members), identity, observer, on_transition, on_step, say, read_steps,
                {"options": options or WaitOptions(), **caller}, resume)


def pipeline_build(client: Any, arn: str, tags: Mapping[str, str] | None = None, *, identity: Identity | None = None,
                   observer: Recorder | None = None, on_transition: Transition | None = None,
                   on_step: Callable[[WorkflowStep], None] | None = None, say: Callable[[str], None] | None = None,
                   read_steps: bool | None = None, options: WaitOptions | None = None, resume: bool = True,
                   **caller: Any) -> BuildOutcome:
    """One run of the pipeline ``arn``, its build tagged with ``tags``; ``resume`` as :func:`image_build`'s."""
    return _run(client, PipelineStart(arn, dict(tags or {})), identity, observer, on_transition, on_step, say,
                read_steps, {"options": options or WaitOptions(), **caller}, resume)
