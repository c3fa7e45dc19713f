"""The ImageBuild dynamic provider: thin CRUD over the Image Builder layer.

Which inputs force a new build lives in :mod:`inputs`, how outputs are read from an
image in :mod:`outputs`, how failures read in :mod:`failures`, and everything about
building, waiting, cancelling and deleting in :mod:`imagebuilder`. No boto3 session or
client is ever kept on the instance: Pulumi pickles this object into the stack's state.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Mapping, Protocol, TypeVar

import pulumi
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError, ProfileNotFound
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

from . import inputs, shapes
from .engine import log, process, server
from .aws import make_client
from .failures import build_failure_message
from .imagebuilder import (BuildOutcome, CallFailed, Session, WaitOptions, delete_build, read_build, retag_build,
                           run_image_build)
from .imagebuilder.identity import Identity, user_tags
from .imagebuilder.progress import BuildProgress
from .imagebuilder.statuses import AVAILABLE, MARKED_OUTSIDE
from .outputs import OUTPUT_NAMES, image_outputs
from .arazzo import WorkflowError
from .arazzo.timing import CancelSignal

ENDPOINT_CONFIG_KEY = "imagebuild:endpointUrl"
"""Stack config key that points the provider at another Image Builder endpoint (the local service)."""
READ_TIMEOUT_CONFIG_KEY = "imagebuild:readTimeoutSeconds"
"""Stack config key for the seconds a call waits for an answer (60 by default)."""

T = TypeVar("T")


class BuildFailed(Exception):
    """What went wrong, in words for the person running ``pulumi``: the engine shows this message alone."""


def _user_facing(method: Callable[..., T]) -> Callable[..., T]:
    """Every error of a provider method reaches the user as one readable BuildFailed, never a traceback."""
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except BuildFailed:
            raise
        except Exception as error:  # noqa: BLE001 - translated, not swallowed
            raise BuildFailed(describe_error(error)) from error
    return wrapper


def describe_error(error: Exception) -> str:
    """One readable sentence for an error met while calling Image Builder."""
    if isinstance(error, (WorkflowError, CallFailed)):
        return str(error)
    if isinstance(error, NoCredentialsError):
        return ("no AWS credentials were found: set them as for the AWS CLI (environment variables, a profile with "
                "aws:profile, or an instance role)")
    if isinstance(error, NoRegionError):
        return "no AWS region is set: set aws:region in the stack's config"
    if isinstance(error, ProfileNotFound):
        return f"the AWS profile is not configured: {error} (check aws:profile)"
    if isinstance(error, (BotoCoreError, ClientError)):
        return f"calling Image Builder failed: {error}"
    return f"unexpected error in the ImageBuild provider: {type(error).__name__}: {error}"


@dataclass(frozen=True)
class Settings:
    """Where to reach Image Builder; never holds a credential."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    read_timeout: float | None = None

    @classmethod
    def from_config(cls, config: pulumi.dynamic.Config) -> "Settings":
        """Read ``aws:region``, ``aws:profile``, the endpoint override and the read timeout from stack config."""
        timeout = config.get(READ_TIMEOUT_CONFIG_KEY)
        try:
            seconds = float(timeout) if timeout is not None else None
        except ValueError:
            seconds = None
        if timeout is not None and (seconds is None or seconds <= 0):
            raise BuildFailed(f"{READ_TIMEOUT_CONFIG_KEY}: expected a number of seconds greater than 0, "
                              f"got {timeout!r}")
        return cls(config.get("aws:region"), config.get("aws:profile"), config.get(ENDPOINT_CONFIG_KEY), seconds)

    def client(self) -> Any:
        """A fresh boto3 ``imagebuilder`` client (credentials from the standard chain, resolved anew)."""
        return make_client(region=self.region, profile=self.profile, endpoint_url=self.endpoint_url,
                           read_timeout=self.read_timeout)


class InputTable(Protocol):
    """A resource's table of inputs (:mod:`inputs`, :mod:`pipeline_inputs`): checks and what changes do."""

    def check(self, news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]: ...

    def changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> inputs.Changes: ...

    def build_input_names(self) -> tuple[str, ...]: ...

    def role(self, name: str) -> inputs.Role | None: ...


class ImageBuildProvider(ResourceProvider):
    """Builds one Image Builder image version per resource and waits for it."""

    table: ClassVar[InputTable] = inputs

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self._settings = settings or Settings()

    def configure(self, req: ConfigureRequest) -> None:
        server.attach(user_errors=(BuildFailed,))
        self._settings = Settings.from_config(req.config)

    @_user_facing
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        problems = self.table.check(news, self._settings.region)
        failures = [CheckFailure(p.path, p.reason) for p in problems]
        return CheckResult(self._input_props(news), failures)

    @_user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        found = self.table.changes(olds, news)
        paths = dict(found.paths)
        if found.replaces:  # a new build: every output is computed again
            paths.update({name: inputs.PathChange("add", input_diff=False)
                          for name in OUTPUT_NAMES if olds.get(name) is not None})
        server.offer_detailed_diff(paths)
        stables = [name for name in self.table.build_input_names() if name not in found.replaces + found.updates]
        return DiffResult(changes=bool(found.replaces or found.updates), replaces=found.replaces, stables=stables,
                          delete_before_replace=False)

    @_user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        given = self._input_props(props)
        client = self._settings.client()
        options = _wait_options(given)
        progress = _RowProgress(log.current_urn())
        with server.long_wait() as cancel:
            outcome = self._start_and_wait(client, given, options, cancel, progress)
        image = outcome.image or {}
        if image.get("state", {}).get("status") != AVAILABLE:
            raise BuildFailed(build_failure_message(image, client.meta.region_name, outcome.step))
        outs = {**given, **self._image_outputs(image, client.meta.region_name)}
        if outs["amis"] and outs["amiId"] is None:
            regions = ", ".join(sorted({ami["region"] for ami in outs["amis"]}))
            progress.say(f"image build {outs['imageBuildVersionArn']} distributed no AMI to the provider's region "
                         f"{client.meta.region_name} (only to {regions}): amiId is empty; use amis instead",
                         severity="warning")
        return CreateResult(outs["imageBuildVersionArn"], outs)

    @_user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self._settings.client()
        image = read_build(self._session(client), id_)
        if image is None:
            if props.get("imageBuildVersionArn") is None:  # get(): no state to leave, so say why nothing was read
                raise BuildFailed(f"image build {id_} does not exist, so it cannot be read into the stack")
            return ReadResult(None, {})
        outs = {**self._input_props(props), **self._image_outputs(image, client.meta.region_name)}
        outs[inputs.TAGS] = user_tags(image.get("tags"))
        status = outs["finalStatus"]
        if status in MARKED_OUTSIDE:
            _RowProgress(log.current_urn()).say(
                f"image build {id_} is {status}: {outs['finalReason'] or 'set outside this stack'}", "warning")
        return ReadResult(id_, outs)

    @_user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        old_tags, new_tags = olds.get(inputs.TAGS) or {}, news.get(inputs.TAGS) or {}
        retag_build(self._session(self._settings.client()), id_, old_tags, new_tags)
        outputs = {k: v for k, v in olds.items() if k in OUTPUT_NAMES}
        return UpdateResult({**outputs, **self._input_props(news)})

    @_user_facing
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = self._settings.client()
        with server.long_wait() as cancel:
            delete_build(self._session(client, cancel), id_,
                         delete_outputs=bool(props.get("deleteOutputResources")),
                         execution_role=props.get("executionRole"))

    def _start_and_wait(self, client: Any, given: Mapping[str, Any], options: WaitOptions, cancel: CancelSignal,
                        progress: _RowProgress) -> BuildOutcome:
        """Start the build the inputs ``given`` describe (or reattach to one left behind) and wait until it ends."""
        members = inputs.create_members(given)
        identity = Identity.of(progress.urn, members) if progress.urn else None
        return _build(client, members, options, cancel, progress, identity, self._settings.client)

    def _session(self, client: Any, cancel: CancelSignal | None = None) -> Session:
        """A session whose client is made again if AWS rejects its credentials (rotated mid-call)."""
        return Session(client, cancel=cancel, renew_client=self._settings.client)

    def _image_outputs(self, image: Mapping[str, Any], region: str | None) -> dict[str, Any]:
        """The outputs read from a GetImage ``image``."""
        return image_outputs(image, region)

    def _input_props(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Only the declared inputs, without ``__provider`` and output placeholders."""
        return {k: v for k, v in props.items() if self.table.role(k) is not None}


class _RowProgress:
    """A waiting build on its resource's row: status, step and time as passing status, each change as a line."""

    def __init__(self, urn: str | None) -> None:
        self.urn = urn
        self.words = BuildProgress()

    def say(self, message: str, severity: str = "info") -> None:
        """A lasting line on the resource's row (on the stack's, outside a provider process)."""
        if not log.log_to_engine(message, urn=self.urn, severity=severity):
            getattr(pulumi.log, "warn" if severity == "warning" else severity)(message)

    def observe(self, image: dict[str, Any]) -> None:
        process.leave_if_engine_gone()  # every poll: a build nobody waits for any more is left to the rerun
        first = self.words.status is None
        change, status = self.words.observe(image)
        if change:  # the first line names the build; the row names the resource
            self.say(f"image build {image.get('arn', '')}: {change}" if first else change)
        log.log_to_engine(status, urn=self.urn, ephemeral=True)


def _build(client: Any, members: Mapping[str, Any], options: WaitOptions, cancel: CancelSignal,
           progress: _RowProgress, identity: Identity | None, renew_client: Callable[[], Any]) -> BuildOutcome:
    try:
        return run_image_build(client, members, options=options, cancel=cancel, on_observe=progress.observe,
                               identity=identity, say=progress.say, renew_client=renew_client,
                               on_step=progress.words.record_step)
    except WorkflowError as error:
        raise BuildFailed(str(error)) from None


def _wait_options(given: Mapping[str, Any]) -> WaitOptions:
    """How create() waits, from the options among the inputs (defaults filled in)."""
    settings = inputs.with_defaults(given)
    return WaitOptions.capped(max_poll_seconds=float(settings["pollMaxSeconds"]),
                              min_poll_seconds=float(settings["pollMinSeconds"]),
                              deadline_seconds=float(settings["buildTimeoutMinutes"]) * 60,
                              cancel_on_deadline=bool(settings["cancelOnTimeout"]))
