"""The statuses the service answers with, taken from botocore's model and its documentation.

An image's status is one of the ``ImageStatus`` enum. The documentation of
``ImageState.status`` sorts them: "A new image moves through build, test, and distribution
statuses during creation, and ends in the ``AVAILABLE``, ``FAILED``, or ``CANCELLED`` state.
The ``DEPRECATED``, ``DISABLED``, and ``DELETED`` statuses come from later resource
management actions." So :data:`BUILD_ENDS` are where a build's own run ends,
:data:`MANAGED` are set after it, and every other value of the enum is
:data:`IN_PROGRESS`, in the enum's order.

Workflow executions and their steps have statuses of their own (``WorkflowExecutionStatus``,
``WorkflowStepExecutionStatus``), and so do lifecycle executions
(``LifecycleExecutionStatus``); the ones the service uses are named here too. Each name is
checked against its enum when the module is imported.
"""

from __future__ import annotations

from .botocore_model import enum


def _of(enum_name: str, *values: str) -> tuple[str, ...]:
    """``values``, each checked to be a value of the enum ``enum_name``."""
    known = enum(enum_name)
    missing = [v for v in values if v not in known]
    if missing:
        raise LookupError(f"botocore's {enum_name} has no {', '.join(missing)}")
    return values


IMAGE_STATUSES: tuple[str, ...] = enum("ImageStatus")
"""Every image status, in the model's order."""

AVAILABLE, FAILED, CANCELLED = BUILD_ENDS = _of("ImageStatus", "AVAILABLE", "FAILED", "CANCELLED")
"""Where a new image ends up once its build is over."""

DEPRECATED, DISABLED, DELETED = MANAGED = _of("ImageStatus", "DEPRECATED", "DISABLED", "DELETED")
"""The statuses that "come from later resource management actions" (StartResourceStateUpdate, lifecycle
policies, or the admin API here)."""

IN_PROGRESS: tuple[str, ...] = tuple(s for s in IMAGE_STATUSES if s not in BUILD_ENDS + MANAGED)
"""The statuses a new image moves through during creation: PENDING, CREATING, BUILDING, TESTING,
DISTRIBUTING and INTEGRATING in the model of this botocore."""

TERMINAL = frozenset(BUILD_ENDS + MANAGED)
"""Every status that is not in progress.

CancelImageCreation "can only be used on images in a non-terminal state", and DeleteImage "fails
while the image build is still running": both are decided by this set.
"""

RUNNING, COMPLETED = _of("WorkflowStepExecutionStatus", "RUNNING", "COMPLETED")
"""A workflow step running, or done well (the step's status; its workflow execution's too)."""
STEP_FAILED, STEP_CANCELLED = _of("WorkflowStepExecutionStatus", "FAILED", "CANCELLED")
"""How a step that does not complete ends (its workflow execution ends the same way)."""
_of("WorkflowExecutionStatus", RUNNING, COMPLETED, STEP_FAILED, STEP_CANCELLED)

LIFECYCLE_IN_PROGRESS, LIFECYCLE_SUCCESS = _of("LifecycleExecutionStatus", "IN_PROGRESS", "SUCCESS")
"""A lifecycle execution running, and one that finished."""


def is_in_progress(status: str) -> bool:
    """True while the image is still being created."""
    return status not in TERMINAL
