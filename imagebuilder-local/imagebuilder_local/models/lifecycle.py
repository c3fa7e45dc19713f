"""StartResourceStateUpdate's rules, and the lifecycle executions it starts in the background.

The rules are those botocore's model documents for StartResourceStateUpdate and its members
(quoted at each check); the error codes and messages are ours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..clock import VirtualClock
from ..errors import ServiceError
from ..statuses import CANCELLED, DELETED, FAILED, LIFECYCLE_IN_PROGRESS, LIFECYCLE_SUCCESS

LIFECYCLE_MINUTES = 2.0
"""Modeled duration of a lifecycle execution (our choice)."""


def check_role_with_resources(params: dict[str, Any]) -> None:
    """Refuse ``executionRole`` without ``includeResources``, and ``includeResources`` without ``executionRole``.

    executionRole: "You must provide this property together with includeResources. Neither is valid
    without the other." Checked before the image is looked at: it is a rule of the request alone
    (InvalidRequestException and the message are ours).
    """
    role, include = params.get("executionRole") is not None, params.get("includeResources") is not None
    if role != include:
        given, missing = ("executionRole", "includeResources") if role else ("includeResources", "executionRole")
        raise ServiceError("InvalidRequestException",
                           f"{given} is not valid without {missing}: provide executionRole together with "
                           "includeResources.")


def check_state_update(arn: str, current: str, container: bool, target: str, include: dict[str, bool],
                       scheduled: bool) -> None:
    """Refuse a state update the documentation does not allow (InvalidRequestException)."""
    def refuse(why: str) -> None:
        raise ServiceError("InvalidRequestException", f"Cannot update the state of '{arn}' to {target}: {why}")

    if current == DELETED:
        # resourceArn: "The image must be in one of these terminal states: AVAILABLE, DEPRECATED, DISABLED,
        # FAILED, or CANCELLED."
        refuse("the image is DELETED.")
    if current in (FAILED, CANCELLED) and target != DELETED:
        # resourceArn: "Images with FAILED or CANCELLED status can transition only to DELETED."
        refuse(f"an image with status {current} can only be set to DELETED.")
    if container and target != DELETED:
        # state: "For container-based images, only DELETED is supported."
        refuse("for container images only DELETED is supported.")
    if target == DELETED and not any(include.values()):
        # includeResources: "To set an image to DELETED, you must include its underlying resources.
        # To delete only the Image Builder image record, use the DeleteImage operation instead."
        refuse("includeResources must name its underlying resources; use DeleteImage to delete only the image.")
    if target != DELETED and (include.get("snapshots") or include.get("containers")):
        # includeResources: "Snapshots and containers are only valid for the DELETED state."
        refuse("snapshots and containers can only be included for DELETED.")
    if scheduled and target != "DEPRECATED":
        # updateAt: "This property is valid only when the target status is DEPRECATED"
        refuse("updateAt is valid only for DEPRECATED.")


def runs_in_background(include: dict[str, bool], scheduled: bool) -> bool:
    """True if the update runs as a lifecycle execution rather than at once.

    The operation's documentation: "If the request includes underlying resources, or schedules the
    update far enough in the future, Image Builder runs the update as an asynchronous lifecycle
    execution and returns its identifier. Otherwise, for target states other than DELETED, the
    state change applies immediately." (Any future ``updateAt`` counts as far enough: our decision.)
    """
    return any(include.values()) or scheduled


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
            "state": {"status": LIFECYCLE_SUCCESS if done else LIFECYCLE_IN_PROGRESS},
            "startTime": clock.real_at(self.start),
        }
        if done:
            out["endTime"] = clock.real_at(self.end)
        return out

    def to_json(self) -> dict[str, Any]:
        """The state file's form."""
        return asdict(self)
