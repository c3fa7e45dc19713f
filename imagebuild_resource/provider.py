"""The ImageBuild dynamic provider: thin CRUD over the workflow runtime and boto3.

Which inputs force a new build lives in :mod:`inputs`, how outputs are read from an
image in :mod:`outputs`, how failures read in :mod:`failures`, and how the build is
driven in :mod:`workflow`. No boto3 session or client is ever kept on the instance:
Pulumi pickles this object into the stack's state.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import pulumi
from botocore.exceptions import ClientError
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from . import inputs
from .aws import make_client
from .failures import build_failure_message
from .interrupts import interrupt_signal
from .outputs import OUTPUT_NAMES, image_outputs
from .rpc_threads import widened_pool
from .workflow import BuildOutcome, StepFailedError, WaitOptions, WorkflowError, run_image_build
from .workflow.imagebuilder import is_in_progress, load_seed_workflow

ENDPOINT_CONFIG_KEY = "imagebuild:endpointUrl"
"""Stack config key that points the provider at another Image Builder endpoint (the local service)."""

GONE = frozenset({"DELETED"})
NOT_FOUND = "ResourceNotFoundException"


@dataclass(frozen=True)
class Settings:
    """Where to reach Image Builder; never holds a credential."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None

    @classmethod
    def from_config(cls, config: pulumi.dynamic.Config) -> "Settings":
        """Read ``aws:region``, ``aws:profile`` and the endpoint override from stack config."""
        return cls(config.get("aws:region"), config.get("aws:profile"), config.get(ENDPOINT_CONFIG_KEY))

    def client(self) -> Any:
        """A fresh boto3 ``imagebuilder`` client (credentials from the standard chain)."""
        return make_client(region=self.region, profile=self.profile, endpoint_url=self.endpoint_url)


class ImageBuildProvider(ResourceProvider):
    """Builds one Image Builder image version per resource and waits for it."""

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self._settings = settings or Settings()

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = Settings.from_config(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        problems = inputs.check(news, self._settings.region)
        failures = [CheckFailure(p.path, p.reason) for p in problems]
        return CheckResult(_input_props(inputs.with_defaults(news)), failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces, updates = inputs.replacement_changes(olds, news)
        stables = [name for name in inputs.build_input_names() if name not in replaces and name not in updates]
        return DiffResult(changes=bool(replaces or updates), replaces=replaces, stables=stables,
                          delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        props = _input_props(inputs.with_defaults(props))
        client = self._settings.client()
        outcome = self._build(client, props)
        image = outcome.image or {}
        status = image.get("state", {}).get("status")
        if status != "AVAILABLE":
            raise BuildFailed(build_failure_message(image, client.meta.region_name))
        outs = {**props, **image_outputs(image, client.meta.region_name)}
        if outs["amis"] and outs["amiId"] is None:
            regions = ", ".join(sorted({ami["region"] for ami in outs["amis"]}))
            pulumi.log.warn(f"image build {outs['imageBuildVersionArn']} distributed no AMI to the provider's region "
                            f"{client.meta.region_name} (only to {regions}): amiId is empty; use amis instead")
        return CreateResult(outs["imageBuildVersionArn"], outs)

    def _build(self, client: Any, props: Mapping[str, Any]) -> BuildOutcome:
        members = inputs.create_members(props)
        members.setdefault(inputs.CLIENT_TOKEN, str(uuid.uuid4()))
        # The seed takes some members as workflow inputs; the others go as extra CreateImage members.
        accepted = load_seed_workflow().inputs.get("properties", {})
        seed_inputs = {name: members.pop(name) for name in list(members) if name in accepted}
        longest = float(props["pollMaxSeconds"])
        options = WaitOptions(
            deadline_seconds=float(props["buildTimeoutMinutes"]) * 60,
            min_poll_seconds=float(props["pollMinSeconds"]),
            max_poll_seconds=longest,
            fast_poll_seconds=min(WaitOptions.fast_poll_seconds, longest),
            cancel_on_deadline=bool(props["cancelOnTimeout"]),
        )
        with interrupt_signal() as cancel, widened_pool():
            try:
                return run_image_build(client, seed_inputs, extra_create_arguments=members, options=options,
                                       cancel=cancel, on_transition=_report_transition)
            except StepFailedError as error:
                arn = error.image_build_version_arn
                raise BuildFailed(f"{error}{_stop_started_build(client, arn) if arn else ''}") from None
            except WorkflowError as error:
                raise BuildFailed(str(error)) from None

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self._settings.client()
        image = _get_image(client, id_)
        if image is None or image.get("state", {}).get("status") in GONE:
            return ReadResult(None, {})
        outs = {**_input_props(props), **image_outputs(image, client.meta.region_name)}
        outs[inputs.TAGS] = image.get("tags") or {}
        return ReadResult(id_, outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        old_tags, new_tags = olds.get(inputs.TAGS) or {}, news.get(inputs.TAGS) or {}
        client = self._settings.client()
        removed = sorted(set(old_tags) - set(new_tags))
        changed = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
        if removed:
            client.untag_resource(resourceArn=id_, tagKeys=removed)
        if changed:
            client.tag_resource(resourceArn=id_, tags=changed)
        previous = {k: v for k, v in olds.items() if k in OUTPUT_NAMES or inputs.role(k) is not None}
        return UpdateResult({**previous, **_input_props(inputs.with_defaults(news))})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = self._settings.client()
        image = _get_image(client, id_)
        if image is None:
            return
        if is_in_progress(image.get("state", {}).get("status")):
            _cancel_and_settle(client, id_)
        if props.get("deleteOutputResources"):
            _delete_output_resources(client, id_, props.get("executionRole"))
        try:
            client.delete_image(imageBuildVersionArn=id_)
        except ClientError as error:
            if _error_code(error) != NOT_FOUND:
                raise


class BuildFailed(Exception):
    """The build did not produce an image; the message says why and where to look."""


def _input_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Only the declared inputs, without ``__provider`` and output placeholders."""
    return {k: v for k, v in props.items() if inputs.role(k) is not None}


def _report_transition(old: str | None, new: str, image: Mapping[str, Any]) -> None:
    pulumi.log.info(f"image build {image.get('arn', '')}: {old or 'started'} -> {new}")


def _get_image(client: Any, arn: str) -> dict[str, Any] | None:
    try:
        return client.get_image(imageBuildVersionArn=arn)["image"]
    except ClientError as error:
        if _error_code(error) == NOT_FOUND:
            return None
        raise


def _stop_started_build(client: Any, arn: str) -> str:
    """After an error mid-wait, cancel the build so none is left that the stack does not know."""
    try:
        image = _get_image(client, arn)
        if image is None or not is_in_progress(image.get("state", {}).get("status")):
            return ""
        client.cancel_image_creation(imageBuildVersionArn=arn, clientToken=str(uuid.uuid4()))
        return f"; the build {arn} was cancelled"
    except ClientError as error:
        return f"; the build {arn} may still be running and could not be cancelled: {error}"


def _cancel_and_settle(client: Any, arn: str) -> None:
    """Cancel a running build and wait, bounded, until it is no longer running."""
    client.cancel_image_creation(imageBuildVersionArn=arn, clientToken=str(uuid.uuid4()))

    def settled() -> bool:
        image = _get_image(client, arn)
        return image is None or not is_in_progress(image.get("state", {}).get("status"))

    if not _poll_until(settled, timeout_seconds=600):
        raise BuildFailed(f"image build {arn} was cancelled but is still running after 600 s")


def _delete_output_resources(client: Any, arn: str, execution_role: str | None) -> None:
    """Delete the build's AMIs, snapshots and container images with a lifecycle state update."""
    request = {"resourceArn": arn, "state": {"status": "DELETED"}, "clientToken": str(uuid.uuid4()),
               "includeResources": {"amis": True, "snapshots": True, "containers": True}}
    if execution_role:
        request["executionRole"] = execution_role
    execution_id = client.start_resource_state_update(**request)["lifecycleExecutionId"]
    status = ""

    def finished() -> bool:
        nonlocal status
        execution = client.get_lifecycle_execution(lifecycleExecutionId=execution_id)["lifecycleExecution"]
        status = execution.get("state", {}).get("status", "")
        return status in ("SUCCESS", "FAILED", "CANCELLED")

    if not _poll_until(finished, timeout_seconds=1800) or status != "SUCCESS":
        raise BuildFailed(f"deleting the AMIs, snapshots and containers of {arn} did not succeed (lifecycle execution "
                          f"{execution_id}: {status or 'no status'}); the image build version is kept so that "
                          "destroy can be retried")


def _poll_until(done: Callable[[], bool], timeout_seconds: float) -> bool:
    """Call ``done`` with growing pauses (1 s to 15 s) until it is true or the time is up."""
    deadline = time.monotonic() + timeout_seconds
    delay = 1.0
    while not done():
        if time.monotonic() + delay > deadline:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 15.0)
    return True


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")
