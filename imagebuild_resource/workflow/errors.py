"""Errors raised while loading or running an Arazzo workflow.

Every error's ``str()`` is one readable sentence; errors about an image build carry
``image_build_version_arn`` (``None`` when the build was never created).
"""

from __future__ import annotations


class WorkflowError(Exception):
    """Base class of every error this package raises."""

    image_build_version_arn: str | None = None

    def _arn_clause(self) -> str:
        arn = self.image_build_version_arn
        return f" (image build version {arn})" if arn else ""


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

    def __init__(self, code: str | None, message: str | None, status: int | None,
                 step_id: str, image_build_version_arn: str | None = None) -> None:
        super().__init__(code, message, status, step_id)
        self.code = code
        self.message = message
        self.status = status
        self.step_id = step_id
        self.image_build_version_arn = image_build_version_arn

    def __str__(self) -> str:
        what = ": ".join(part for part in (self.code, self.message) if part) or "its success criteria were not met"
        status = f" with HTTP {self.status}" if self.status is not None else ""
        return f"Step '{self.step_id}' failed{status}{self._arn_clause()}: {what}."


class _StoppedError(WorkflowError):
    """The wait was stopped before the build ended; ``cancelled`` says whether the build was."""

    def __init__(self, image_build_version_arn: str | None, cancelled: bool) -> None:
        super().__init__(image_build_version_arn, cancelled)
        self.image_build_version_arn = image_build_version_arn
        self.cancelled = cancelled


class DeadlineExceededError(_StoppedError):
    """The build did not finish before the deadline."""

    def __str__(self) -> str:
        if not self.image_build_version_arn:
            return "The deadline passed before the image build was created."
        fate = "it was cancelled" if self.cancelled else "it was left running"
        return f"The deadline passed before image build {self.image_build_version_arn} finished; {fate}."


class UnexpectedStateError(WorkflowError):
    """The build reached a state the polling loop could never leave (or vanished)."""

    def __init__(self, image_build_version_arn: str | None, status: str, detail: str | None = None) -> None:
        super().__init__(image_build_version_arn, status)
        self.image_build_version_arn = image_build_version_arn
        self.status = status
        self.detail = detail

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        if self.status == "NOT_FOUND":
            return f"Image build {self.image_build_version_arn} does not exist{detail}."
        return (f"Image build {self.image_build_version_arn} is in state {self.status}, "
                f"which can never become AVAILABLE{detail}.")


class BuildCancelledError(_StoppedError):
    """The caller's cancel signal stopped the run."""

    def __str__(self) -> str:
        if not self.image_build_version_arn:
            return "The run was cancelled before the image build was created."
        fate = "the build was cancelled" if self.cancelled else "the build could not be confirmed cancelled and may still be running"
        return f"The run was cancelled by request; {fate} (image build version {self.image_build_version_arn})."
