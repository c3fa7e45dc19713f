"""Errors about an image build: each ``str()`` is one readable sentence naming the build.

Every error here carries ``image_build_version_arn`` (``None`` when the build was never
created), so a caller can say which build is left behind and what became of it.
"""

from __future__ import annotations

from ..arazzo.errors import StepFailedError, WorkflowError


class ImageBuildError(WorkflowError):
    """Base of the errors about one image build."""

    image_build_version_arn: str | None = None


class BuildStepFailedError(StepFailedError, ImageBuildError):
    """A call of the build's workflow failed (an AWS error, or transient errors beyond the retry budget)."""

    def __init__(self, error: StepFailedError, image_build_version_arn: str | None, fate: str = "") -> None:
        super().__init__(error.code, error.message, error.status, error.step_id)
        self.image_build_version_arn = image_build_version_arn
        self.fate = fate
        """What became of a build the error left running (cancelled, or why it may still run); "" if none was."""

    def subject(self) -> str:
        arn = self.image_build_version_arn
        return f" (image build version {arn})" if arn else ""

    def __str__(self) -> str:
        return f"{super().__str__().rstrip('.')}; {self.fate}." if self.fate else super().__str__()


class StoppedError(ImageBuildError):
    """The wait was stopped before the build ended; ``cancelled`` says whether the build was."""

    def __init__(self, image_build_version_arn: str | None, cancelled: bool) -> None:
        super().__init__(image_build_version_arn, cancelled)
        self.image_build_version_arn = image_build_version_arn
        self.cancelled = cancelled


class DeadlineExceededError(StoppedError):
    """The build did not finish before the deadline."""

    def __str__(self) -> str:
        if not self.image_build_version_arn:
            return "The deadline passed before the image build was created."
        fate = "it was cancelled" if self.cancelled else "it was left running"
        return f"The deadline passed before image build {self.image_build_version_arn} finished; {fate}."


class BuildCancelledError(StoppedError):
    """The caller's cancel signal stopped the run."""

    def __str__(self) -> str:
        if not self.image_build_version_arn:
            return "The run was cancelled before the image build was created."
        fate = ("the build was cancelled" if self.cancelled
                else "the build could not be confirmed cancelled and may still be running")
        return f"The run was cancelled by request; {fate} (image build version {self.image_build_version_arn})."


class UnexpectedStateError(ImageBuildError):
    """The build reached a state the wait could never leave, or it does not exist (``status`` None)."""

    def __init__(self, image_build_version_arn: str | None, status: str | None, detail: str | None = None) -> None:
        super().__init__(image_build_version_arn, status)
        self.image_build_version_arn = image_build_version_arn
        self.status = status
        self.detail = detail

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        if self.status is None:
            return f"Image build {self.image_build_version_arn} does not exist{detail}."
        return (f"Image build {self.image_build_version_arn} is in state {self.status}, "
                f"which can never become AVAILABLE{detail}.")
