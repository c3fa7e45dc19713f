"""What every build provider does the same way: thin CRUD over the Image Builder layer.

A provider is a :class:`BuildProvider` with a :class:`BuildKind`: the resource's table of
inputs (:mod:`..inputs`), how its build starts, and the outputs it adds. How outputs are
read from an image lives in :mod:`..outputs`, how failures read in :mod:`..failures`,
and everything about building, waiting, cancelling and deleting in :mod:`..imagebuilder`.
No boto3 session or client is ever kept on the instance: Pulumi pickles this object into
the stack's state (by module path, so a provider class never moves without an alias at
its old path), and every state it was pickled into loads it again with ``configure()``,
which sets all the instance holds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol, TypeVar

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

from ..inputs import shapes
from ..arazzo import WorkflowError
from ..engine import log, server
from ..engine.values import is_unknown
from ..failures import build_failure_message
from ..imagebuilder import (BuildOutcome, BuildRequest, Caller, CallFailed, WaitOptions, delete_build, read_build,
                            retag_build, run_build)
from ..imagebuilder.identity import Identity, user_tags
from ..imagebuilder.request import BuildStart
from ..imagebuilder.images import AVAILABLE, MARKED_OUTSIDE
from ..imagebuilder.resume import next_up_hint
from ..inputs import forms, table
from ..outputs import OUTPUT_NAMES, image_outputs, no_own_ami
from .progress import RowProgress
from .settings import ConfigError, Settings

T = TypeVar("T")


class BuildFailed(Exception):
    """What went wrong, in words for the person running ``pulumi``: the engine shows this message alone."""


def user_facing(method: Callable[..., T]) -> Callable[..., T]:
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
    if isinstance(error, (WorkflowError, CallFailed, ConfigError)):
        return str(error)
    if isinstance(error, NoCredentialsError):
        return ("no AWS credentials were found: set them as for the AWS CLI (environment variables, a profile with "
                "aws:profile, or an instance role)")
    if isinstance(error, NoRegionError):
        return "no AWS region is set: set aws:region in the stack's config, or region on the resource"
    if isinstance(error, ProfileNotFound):
        return f"the AWS profile is not configured: {error} (check the resource's profile, or aws:profile)"
    if isinstance(error, (BotoCoreError, ClientError)):
        return f"calling Image Builder failed: {error}"
    return f"unexpected error in the provider: {type(error).__name__}: {error}"


class InputTable(Protocol):
    """A resource's table of inputs: checks and what changes do."""

    def check(self, news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]: ...

    def request_shape(self) -> shapes.StructureShape: ...

    def changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> table.Changes: ...

    def build_input_names(self) -> tuple[str, ...]: ...

    def role(self, name: str) -> table.Role | None: ...


class BuildKind(Protocol):
    """What sets one build resource apart: its inputs, how its build starts, the outputs it adds."""

    @property
    def table(self) -> InputTable: ...

    def start(self, given: Mapping[str, Any]) -> BuildStart:
        """The start of the build the inputs ``given`` describe."""
        ...

    def identity_members(self, given: Mapping[str, Any]) -> Mapping[str, Any]:
        """The inputs that decide what is built: a build left with other ones is never reattached."""
        ...

    def outputs(self, image: Mapping[str, Any]) -> dict[str, Any]:
        """The outputs this kind adds to every build's."""
        ...


class BuildProvider(ResourceProvider):
    """Builds one Image Builder image version per resource, the way its ``kind`` says, and waits for it."""

    kind: ClassVar[BuildKind]

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self._settings = settings or Settings()

    @user_facing
    def configure(self, req: ConfigureRequest) -> None:
        server.attach(user_errors=(BuildFailed,))
        self._settings = Settings.from_config(req.config)

    @user_facing
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The inputs with every nested member in the API's form (one form in the state, whichever the user wrote),
        or every problem with them, named as the user wrote it."""
        written = forms.canonical(news, self.kind.table.request_shape())
        inputs = written.inputs
        region = None if is_unknown(inputs.get(table.REGION)) else self._settings.of_build(inputs).region
        region = region if region and table.REGION_FORM.match(region) else None  # a bad one is its own problem
        problems = written.problems + [written.as_written(p) for p in self.kind.table.check(inputs, region)]
        return CheckResult(self._input_props(inputs), [CheckFailure(p.path, p.reason) for p in problems])

    @user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        found = self.kind.table.changes(*(self._where(side) for side in (olds, news)))
        paths = dict(found.paths)
        if found.replaces:  # a new build: every output is computed again
            paths.update({name: table.PathChange("add", input_diff=False)
                          for name in self._output_names() if olds.get(name) is not None})
        server.offer_detailed_diff(paths)
        stables = [name for name in self.kind.table.build_input_names()
                   if name not in found.replaces + found.updates]
        return DiffResult(changes=bool(found.replaces or found.updates), replaces=found.replaces, stables=stables,
                          delete_before_replace=False)

    @user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        given = self._input_props(props)
        progress = RowProgress(log.current_urn())
        with server.long_wait() as cancel:
            caller = self._caller(given, cancel, _wait_options(given))
            outcome = self._build(caller, given, progress)
        image = outcome.image or {}
        if image.get("state", {}).get("status") != AVAILABLE:
            hint = next_up_hint(image, _resumes(given))
            raise BuildFailed("\n".join(part for part in (build_failure_message(image, caller.region, outcome.step),
                                                          hint) if part))
        outs = {**given, **self._outputs(image, caller.region)}
        if outs["amis"] and outs["amiId"] is None:
            progress.say(f"image build {outs['imageBuildVersionArn']} {no_own_ami(outs['amis'], caller.region)}: "
                         "amiId is empty; use amis instead", severity="warning")
        return CreateResult(outs["imageBuildVersionArn"], outs)

    @user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        caller = self._caller(_where_built(id_, props))
        image = read_build(caller, id_)
        if image is None:
            if props.get("imageBuildVersionArn") is None:  # get(): no state to leave, so say why nothing was read
                raise BuildFailed(f"image build {id_} does not exist, so it cannot be read into the stack")
            return ReadResult(None, {})
        outs = {**self._input_props(props), **self._outputs(image, caller.region)}
        outs[table.TAGS] = user_tags(image.get("tags"))
        status = outs["finalStatus"]
        if status in MARKED_OUTSIDE:
            RowProgress(log.current_urn()).say(
                f"image build {id_} is {status}: {outs['finalReason'] or 'set outside this stack'}", "warning")
        return ReadResult(id_, outs)

    @user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        old_tags, new_tags = olds.get(table.TAGS) or {}, news.get(table.TAGS) or {}
        retag_build(self._caller(_where_built(id_, news)), id_, old_tags, new_tags)
        outputs = {k: v for k, v in olds.items() if k in self._output_names()}
        return UpdateResult({**outputs, **self._input_props(news)})

    @user_facing
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        missing_role = table.deletion_role_problem(props)
        if missing_role is not None:  # a state recorded before the role was an input: nothing is called
            raise BuildFailed(f"image build {id_} was not deleted: {missing_role.path} {missing_role.reason}; set it "
                              f"(or set {table.DELETE_OUTPUTS} to false to keep them), run `pulumi up`, then destroy "
                              "again")
        role = props.get(table.DELETION_ROLE) if props.get(table.DELETE_OUTPUTS) else None
        with server.long_wait() as cancel:
            delete_build(self._caller(_where_built(id_, props), cancel), id_, deletion_role=role)

    def _build(self, caller: Caller, given: Mapping[str, Any], progress: RowProgress) -> BuildOutcome:
        """Start the build the inputs ``given`` describe (or reattach to one left behind) and wait until it ends."""
        urn = progress.urn
        identity = Identity.of(urn, self.kind.identity_members(given)) if urn else None
        try:
            return run_build(caller, BuildRequest(self.kind.start(given), identity, resume=_resumes(given)), progress)
        except WorkflowError as error:
            raise BuildFailed(str(error)) from None

    def _caller(self, props: Mapping[str, Any], cancel: Any = None, options: WaitOptions | None = None) -> Caller:
        """A caller in the build's region with its profile (from ``props``: its inputs, or its state), whose
        client is made again if AWS rejects its credentials (rotated mid-call)."""
        settings = self._settings.of_build(props)
        return Caller(settings.client(), options or WaitOptions(), cancel=cancel, renew_client=settings.client)

    def _where(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """``props`` with the region the build is in: an unset region is the stack's, so that setting it to the
        stack's is no change."""
        if props.get(table.REGION) is not None or self._settings.region is None:
            return dict(props)
        return {**props, table.REGION: self._settings.region}

    def _outputs(self, image: Mapping[str, Any], region: str | None) -> dict[str, Any]:
        return {**image_outputs(image, region), **self.kind.outputs(image)}

    def _output_names(self) -> tuple[str, ...]:
        return (*OUTPUT_NAMES, *self.kind.outputs({}))

    def _input_props(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Only the declared inputs, without ``__provider`` and output placeholders."""
        return {k: v for k, v in props.items() if self.kind.table.role(k) is not None}


def _where_built(arn: str, props: Mapping[str, Any]) -> Mapping[str, Any]:
    """``props`` with the region of the build's ARN when they name none (``get()``; a state written before
    ``region`` was an input; a stack whose ``aws:region`` changed since): a build is read, retagged and deleted
    where it is."""
    parts = arn.split(":")
    if isinstance(props.get(table.REGION), str) or len(parts) < 6 or parts[0] != "arn" or not parts[3]:
        return props
    return {**props, table.REGION: parts[3]}


def _resumes(given: Mapping[str, Any]) -> bool:
    """Whether a build this resource left FAILED or CANCELLED is resumed (the option, default filled in)."""
    return bool(table.with_defaults(given)[table.RESUME_FAILED_BUILDS])


def _wait_options(given: Mapping[str, Any]) -> WaitOptions:
    """How create() waits, from the options among the inputs (defaults filled in)."""
    settings = table.with_defaults(given)
    return WaitOptions.capped(max_poll_seconds=float(settings["pollMaxSeconds"]),
                              min_poll_seconds=float(settings["pollMinSeconds"]),
                              deadline_seconds=float(settings["buildTimeoutMinutes"]) * 60,
                              cancel_on_deadline=bool(settings["cancelOnTimeout"]))
