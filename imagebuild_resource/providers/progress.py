"""A waiting build on its resource's row: the observer every provider hands the Image Builder layer."""

from __future__ import annotations

from typing import Any

import pulumi

from ..engine import log, process
from ..imagebuilder.progress import BuildProgress
from ..imagebuilder.steps import WorkflowStep


class RowProgress:
    """Status, step and time as the row's passing status; each status change and each message as a line.

    Outside a provider process (no engine to log to) the lines go to ``pulumi.log``.
    Every poll also asks whether the engine still runs: a build nobody waits for any
    more is left to the rerun (:func:`.engine.process.leave_if_engine_gone`).
    """

    def __init__(self, urn: str | None) -> None:
        self.urn = urn
        self.words = BuildProgress()

    def say(self, message: str, severity: str = "info") -> None:
        """A lasting line on the resource's row."""
        if not log.log_to_engine(message, urn=self.urn, severity=severity):
            getattr(pulumi.log, "warn" if severity == "warning" else severity)(message)

    def observe(self, image: dict[str, Any]) -> None:
        process.leave_if_engine_gone()
        first = self.words.status is None
        change, status = self.words.observe(image)
        if change:  # the first line names the build; the row names the resource
            self.say(f"image build {image.get('arn', '')}: {change}" if first else change)
        log.log_to_engine(status, urn=self.urn, ephemeral=True)

    def step(self, step: WorkflowStep) -> None:
        self.words.record_step(step)
