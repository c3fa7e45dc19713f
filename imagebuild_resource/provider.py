"""The ImageBuild dynamic provider: thin CRUD over the Image Builder layer.

Which inputs force a new build lives in :mod:`inputs`, how outputs are read from an
image in :mod:`outputs`, how failures read in :mod:`failures`, and everything about
building, waiting, cancelling and deleting in :mod:`imagebuilder`. No boto3 session or
client is ever kept on the instance: Pulumi pickles this object into the stack's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, TypeVar

import pulumi
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
from .engine_bridge import long_wait
from .failures import build_failure_message
from .imagebuilder import (BuildOutcome, BuildStepFailedError, CallFailed, ImageBuildError, Session, WaitOptions,
                           delete_build, read_build, retag_build, run_image_build)
from .imagebuilder.statuses import AVAILABLE, CANCELLED, is_in_progress
from .imagebuilder.waiters import cancel_build, find_image, status_of
from .outputs import OUTPUT_NAMES, image_outputs
from .workflow import Interrupted, TransientCallError, WorkflowError
from .workflow.timing import CancelSignal

ENDPOINT_CONFIG_KEY = "imagebuild:endpointUrl"
"""Stack config key that points the provider at another Image Builder endpoint (the local service)."""


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
        options = WaitOptions.capped(max_poll_seconds=float(props["pollMaxSeconds"]),
                                     min_poll_seconds=float(props["pollMinSeconds"]),
                                     deadline_seconds=float(props["buildTimeoutMinutes"]) * 60,
                                     cancel_on_deadline=bool(props["cancelOnTimeout"]))
        with long_wait() as cancel:
            outcome = _build(client, inputs.create_members(props), options, cancel)
        image = outcome.image or {}
        status = image.get("state", {}).get("status")
        if status != AVAILABLE:
            raise BuildFailed(build_failure_message(image, client.meta.region_name))
        outs = {**props, **image_outputs(image, client.meta.region_name)}
        if outs["amis"] and outs["amiId"] is None:
            regions = ", ".join(sorted({ami["region"] for ami in outs["amis"]}))
            pulumi.log.warn(f"image build {outs['imageBuildVersionArn']} distributed no AMI to the provider's region "
                            f"{client.meta.region_name} (only to {regions}): amiId is empty; use amis instead")
        return CreateResult(outs["imageBuildVersionArn"], outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self._settings.client()
        image = _aws(lambda: read_build(Session(client), id_))
        if image is None:
            return ReadResult(None, {})
        outs = {**_input_props(props), **image_outputs(image, client.meta.region_name)}
        outs[inputs.TAGS] = image.get("tags") or {}
        return ReadResult(id_, outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        old_tags, new_tags = olds.get(inputs.TAGS) or {}, news.get(inputs.TAGS) or {}
        _aws(lambda: retag_build(Session(self._settings.client()), id_, old_tags, new_tags))
        previous = {k: v for k, v in olds.items() if k in OUTPUT_NAMES or inputs.role(k) is not None}
        return UpdateResult({**previous, **_input_props(inputs.with_defaults(news))})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = self._settings.client()
        with long_wait() as cancel:
            _aws(lambda: delete_build(Session(client, cancel=cancel), id_,
                                      delete_outputs=bool(props.get("deleteOutputResources")),
                                      execution_role=props.get("executionRole")))


class BuildFailed(Exception):
    """The build did not produce an image (or could not be read or deleted); the message says why."""


def _build(client: Any, members: Mapping[str, Any], options: WaitOptions, cancel: CancelSignal) -> BuildOutcome:
    try:
        return run_image_build(client, members, options=options, cancel=cancel, on_transition=_report_transition)
    except BuildStepFailedError as error:
        arn = error.image_build_version_arn
        stopped = _stop_started_build(Session(client, options, cancel), arn) if arn else ""
        raise BuildFailed(f"{error}{stopped}") from None
    except WorkflowError as error:
        raise BuildFailed(str(error)) from None


T = TypeVar("T")


def _aws(action: Callable[[], T]) -> T:
    """Run an Image Builder action; its errors become one readable BuildFailed."""
    try:
        return action()
    except (ImageBuildError, CallFailed, TransientCallError, Interrupted) as error:
        raise BuildFailed(str(error)) from None


def _input_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Only the declared inputs, without ``__provider`` and output placeholders."""
    return {k: v for k, v in props.items() if inputs.role(k) is not None}


def _report_transition(old: str | None, new: str, image: Mapping[str, Any]) -> None:
    pulumi.log.info(f"image build {image.get('arn', '')}: {old or 'started'} -> {new}")


def _stop_started_build(session: Session, arn: str) -> str:
    """After an error mid-wait, cancel the build so none is left that the stack does not know."""
    seconds = session.options.cancel_wait_seconds
    try:
        if not is_in_progress(status_of(find_image(session, arn))):
            return ""
        status = cancel_build(session, arn, session.sleeper(seconds))
    except Interrupted:
        return f"; the build {arn} may still be running: its cancel was not confirmed within {seconds:g} s"
    except (TransientCallError, CallFailed) as error:
        return f"; the build {arn} may still be running and could not be cancelled: {error}"
    return f"; the build {arn} was cancelled" if status == CANCELLED else ""
