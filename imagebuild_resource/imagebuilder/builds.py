"""What is done to a build after it exists: read it, retag it, delete it (and, if asked, its outputs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..arazzo.errors import TransientCallError
from ..arazzo.timing import DeadlineReached
from .caller import NOT_FOUND, Caller, CallFailed, client_token
from .errors import ImageBuildError
from .images import DELETED, find_image, is_in_progress, status_of
from .waiters import cancel_build, wait_for_lifecycle_execution


class BuildNotDeletedError(ImageBuildError):
    """Destroy could not finish: the message says what is left and that destroy can be retried."""

    def __init__(self, image_build_version_arn: str, why: str) -> None:
        super().__init__(image_build_version_arn, why)
        self.image_build_version_arn, self.why = image_build_version_arn, why

    def __str__(self) -> str:
        return f"Image build {self.image_build_version_arn} was not deleted: {self.why}"


def read_build(caller: Caller, arn: str) -> dict[str, Any] | None:
    """The build's ``image``, or None if it does not exist any more (or was DELETED)."""
    image = find_image(caller, arn)
    return None if image is None or status_of(image) == DELETED else image


def retag_build(caller: Caller, arn: str, old: Mapping[str, str], new: Mapping[str, str]) -> None:
    """Make the build's tags ``new`` (they were ``old``): UntagResource, then TagResource."""
    removed = sorted(set(old) - set(new))
    changed = {key: value for key, value in new.items() if old.get(key) != value}
    if removed:
        caller.must("UntagResource", resourceArn=arn, tagKeys=removed)
    if changed:
        caller.must("TagResource", resourceArn=arn, tags=changed)


def delete_build(caller: Caller, arn: str, *, deletion_role: str | None = None) -> None:
    """Cancel the build if it still runs; with a ``deletion_role``, delete its AMIs, snapshots and containers; then
    DeleteImage.

    ``deletion_role`` is the IAM role Image Builder deletes the outputs with (StartResourceStateUpdate's
    ``executionRole``); without one the outputs are kept, as DeleteImage keeps them. Waits listen to
    the caller's cancel signal. Raises BuildNotDeletedError when the build cannot be stopped or its
    outputs cannot be deleted; the build is then kept so that destroy can be retried.
    """
    image = find_image(caller, arn)
    if image is None:
        return
    if is_in_progress(status_of(image)):
        _stop(caller, arn)
    if deletion_role is not None:
        _delete_outputs(caller, arn, deletion_role)
    response = caller.call("DeleteImage", imageBuildVersionArn=arn)
    if response.error_code and response.error_code != NOT_FOUND:
        raise CallFailed("DeleteImage", response.error_code, response.error_message)


def _stop(caller: Caller, arn: str) -> None:
    seconds = caller.options.cancel_wait_seconds
    try:
        cancel_build(caller, arn, caller.sleeper(seconds))
    except DeadlineReached:
        raise BuildNotDeletedError(arn, f"it was cancelled but is still running after {seconds:g} s") from None
    except (TransientCallError, CallFailed) as error:
        raise BuildNotDeletedError(arn, f"it is still running and could not be cancelled: {error}") from None


def _delete_outputs(caller: Caller, arn: str, role: str) -> None:
    """Delete the build's AMIs, snapshots and container images with a lifecycle state update run as ``role``.

    StartResourceStateUpdate's ``executionRole``: "You must provide this property together with
    includeResources. Neither is valid without the other." (botocore 1.44.8's model).
    """
    request: dict[str, Any] = {"resourceArn": arn, "state": {"status": DELETED}, "clientToken": client_token(),
                               "includeResources": {"amis": True, "snapshots": True, "containers": True},
                               "executionRole": role}
    execution_id = caller.must("StartResourceStateUpdate", **request)["lifecycleExecutionId"]
    try:
        status = wait_for_lifecycle_execution(caller, execution_id,
                                              caller.sleeper(caller.options.lifecycle_wait_seconds))
    except DeadlineReached:
        status = "still running"
    if status != "SUCCESS":
        raise BuildNotDeletedError(arn, f"deleting its AMIs, snapshots and containers did not succeed (lifecycle "
                                        f"execution {execution_id}: {status or 'no status'}); the image build version "
                                        "is kept so that destroy can be retried")

