"""Build scenarios (succeed, fail at a stage, hang, cancelled) and the build timeline."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Build stages in order, with the share of the build's duration each one takes.
STAGES: tuple[tuple[str, float], ...] = (
    ("PENDING", 0.02),
    ("CREATING", 0.08),
    ("BUILDING", 0.45),
    ("TESTING", 0.25),
    ("DISTRIBUTING", 0.15),
    ("INTEGRATING", 0.05),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)
OUTCOMES = ("succeed", "fail", "hang", "cancel")

_DEFAULT_REASONS = {
    "PENDING": "Image creation failed: the build could not be scheduled.",
    "CREATING": "Failed to launch build instance: InsufficientInstanceCapacity in the selected Availability Zone.",
    "BUILDING": "Build failure: component update-linux failed in phase build, step UpdateOS: exit status 1.",
    "TESTING": "Image Tests Failure: component reboot-test-linux failed in phase test, step Verify: exit status 1.",
    "DISTRIBUTING": "Image distribution failed in one or more regions.",
    "INTEGRATING": "Image integration failed.",
}


class ScenarioError(ValueError):
    """A scenario document that cannot be used."""


@dataclass(frozen=True)
class Scenario:
    """What a build does: ``outcome`` at ``stage`` after ``build_minutes`` of modeled time."""

    outcome: str = "succeed"
    stage: str | None = None
    reason: str | None = None
    failure_context: dict[str, Any] | None = None
    build_minutes: float | None = None

    @classmethod
    def from_dict(cls, doc: dict[str, Any] | None) -> "Scenario":
        """Parse ``{"outcome", "stage", "reason", "failureContext", "buildMinutes"}``."""
        if not doc:
            return cls()
        if not isinstance(doc, dict):
            raise ScenarioError("scenario must be a JSON object")
        unknown = set(doc) - {"outcome", "stage", "reason", "failureContext", "buildMinutes"}
        if unknown:
            raise ScenarioError(f"unknown scenario keys: {sorted(unknown)}")
        outcome = doc.get("outcome", "succeed")
        if outcome not in OUTCOMES:
            raise ScenarioError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        stage = doc.get("stage")
        if outcome != "succeed":
            stage = stage or "BUILDING"
            if stage not in STAGE_NAMES:
                raise ScenarioError(f"stage must be one of {STAGE_NAMES}, not {stage!r}")
        minutes = doc.get("buildMinutes")
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or minutes <= 0):
            raise ScenarioError("buildMinutes must be a positive number")
        context = doc.get("failureContext")
        if context is not None and not isinstance(context, dict):
            raise ScenarioError("failureContext must be a JSON object")
        reason = doc.get("reason")
        if reason is not None and (not isinstance(reason, str) or not reason):
            raise ScenarioError("reason must be a non-empty string")
        return cls(outcome, stage, reason, context, minutes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form accepted by :meth:`from_dict`."""
        raw = asdict(self)
        doc = {
            "outcome": raw["outcome"],
            "stage": raw["stage"],
            "reason": raw["reason"],
            "failureContext": raw["failure_context"],
            "buildMinutes": raw["build_minutes"],
        }
        return {k: v for k, v in doc.items() if v is not None}


@dataclass(frozen=True)
class BuildTimeline:
    """Stage boundaries of one build, in modeled seconds from its start."""

    stages: tuple[tuple[str, float, float], ...] = field(default_factory=tuple)

    @classmethod
    def for_build(cls, total_seconds: float, tests_enabled: bool) -> "BuildTimeline":
        """Stages for a build of ``total_seconds``; TESTING is skipped when tests are off."""
        chosen = [(n, f) for n, f in STAGES if tests_enabled or n != "TESTING"]
        scale = total_seconds / sum(f for _, f in chosen)
        out, start = [], 0.0
        for name, frac in chosen:
            out.append((name, start, start + frac * scale))
            start += frac * scale
        return cls(tuple(out))

    def stage_at(self, elapsed: float) -> str | None:
        """The running stage at ``elapsed``, or None once all stages are done."""
        for name, _, stop in self.stages:
            if elapsed < stop:
                return name
        return None

    def end_of(self, stage: str) -> float:
        """When ``stage`` ends (when the stage before it ends, if this build skips it)."""
        idx = STAGE_NAMES.index(stage)
        ends = [stop for name, _, stop in self.stages if STAGE_NAMES.index(name) <= idx]
        return ends[-1] if ends else 0.0

    def start_of(self, stage: str) -> float:
        """When ``stage`` starts."""
        idx = STAGE_NAMES.index(stage)
        return self.end_of(STAGE_NAMES[idx - 1]) if idx else 0.0


def failure_context(stage: str, region: str, account: str, distribution_regions: list[str],
                    failed_step: dict[str, str] | None) -> dict[str, Any]:
    """A realistic ``ImageFailureContext`` for a build failing in ``stage``.

    ``failed_step`` holds the workflow members (``workflowExecutionId``, ``workflowArn``,
    ``stepExecutionId``, ``failedStep``) of the step that failed, if one did.
    """
    context: dict[str, Any] = {"imageStatus": stage, **(failed_step or {})}
    if stage in ("BUILDING", "TESTING"):
        component, phase, step = (
            ("update-linux", "build", "UpdateOS") if stage == "BUILDING" else ("reboot-test-linux", "test", "Verify")
        )
        context["componentFailure"] = {
            "componentArn": f"arn:aws:imagebuilder:{region}:aws:component/{component}/1.0.0/1",
            "phaseName": phase,
            "stepName": step,
            "action": "ExecuteBash",
            "errorMessage": f"Step {step} failed: command exited with status 1.",
        }
    if stage == "DISTRIBUTING":
        failed = distribution_regions[-1] if distribution_regions else region
        context["distributionFailure"] = {
            "errorMessage": f"Distribution to {failed} failed.",
            "regionFailures": [{
                "region": failed,
                "status": "FAILED",
                "errorMessage": f"Failed to copy the AMI to {failed}: Client.AuthFailure: "
                                "the launch role is not authorized in the target region.",
                "targetAccountId": account,
            }],
        }
    return context


def default_reason(stage: str) -> str:
    """The ``state.reason`` of a build failing in ``stage`` when the scenario gives none."""
    return _DEFAULT_REASONS[stage]
