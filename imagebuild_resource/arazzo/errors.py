"""Errors raised while loading or running an Arazzo workflow.

Every error's ``str()`` is one readable sentence. Errors about what a workflow was doing
in some domain (an image build, say) belong to that domain's layer, which may subclass
these.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """Base class of every error the runtime raises."""


class DocumentError(WorkflowError):
    """The Arazzo document is malformed or uses something this runtime cannot run."""


class ExpressionError(WorkflowError):
    """A runtime expression does not parse."""


class CriterionError(WorkflowError):
    """A criterion (simple, regex or jsonpath condition) does not parse."""


class InputError(WorkflowError):
    """The workflow inputs or runtime options do not fit the document."""


class TransientCallError(WorkflowError):
    """A call failed in a way worth retrying (throttled, 5xx, connection trouble)."""

    def __init__(self, operation_id: str, code: str, message: str, status: int | None) -> None:
        super().__init__(operation_id, code, message, status)
        self.operation_id, self.code, self.message, self.status = operation_id, code, message, status

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"{self.operation_id} failed transiently{status}: {self.code}: {self.message}"


class StepFailedError(WorkflowError):
    """A step's success criteria failed and no onFailure action handled it."""

    def __init__(self, code: str | None, message: str | None, status: int | None, step_id: str) -> None:
        super().__init__(code, message, status, step_id)
        self.code = code
        self.message = message
        self.status = status
        self.step_id = step_id

    def subject(self) -> str:
        """What the step was about, as a clause for the message (none here; a domain layer adds one)."""
        return ""

    def __str__(self) -> str:
        what = ": ".join(part for part in (self.code, self.message) if part) or "its success criteria were not met"
        status = f" with HTTP {self.status}" if self.status is not None else ""
        return f"Step '{self.step_id}' failed{status}{self.subject()}: {what}" + ("" if what.endswith(".") else ".")
