"""The ``imagebuild`` command.

``imagebuild run`` runs the seed workflow outside Pulumi (or, with ``--image-pipeline-arn``, one run
of an image pipeline, as ``PipelineBuild`` does), with live progress on stderr: the build's ARN with
its first status, then each status change and each workflow step read (``BUILDING: step 2/6
ApplyBuildComponents (3m)``) is a line. It prints the workflow outputs as JSON on stdout; exits 0
only when the image is AVAILABLE (1 for FAILED/CANCELLED or a workflow error, 2 for bad usage, 130
when interrupted). Ctrl-C sets the cancel signal: the build is cancelled before the command exits.

``imagebuild --version`` prints the installed distribution's version.

``imagebuild orphans --stack NAME`` lists the builds tagged for a stack that its state does not hold
(see :mod:`orphans`), in ``--region`` and in every region the state's builds are in; ``--cancel``
cancels and ``--delete --execution-role ROLE`` deletes them. It exits 0 when it could do what was
asked, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from botocore.exceptions import BotoCoreError

from . import orphans
from .aws import make_client
from .failures import build_failure_message
from .imagebuilder import (BuildCancelledError, BuildRequest, Caller, CallFailed, CreateImageStart, ImageBuildError,
                           WaitOptions, run_build)
from .imagebuilder.progress import BuildProgress
from .imagebuilder.request import BuildStart, PipelineStart
from .imagebuilder.images import AVAILABLE
from .imagebuilder.steps import WorkflowStep
from .arazzo import WorkflowError
from .arazzo.timing import Interrupted


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imagebuild", description="Build an EC2 Image Builder image by running "
                                     "the create-image-and-poll Arazzo workflow.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {installed_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="create an image (or run an image pipeline) and wait for it")
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument("--image-recipe-arn")
    source.add_argument("--container-recipe-arn")
    source.add_argument("--image-pipeline-arn", help="run this image pipeline once instead (it must be ENABLED), "
                                                     "and wait for its build as PipelineBuild does")
    run.add_argument("--infrastructure-configuration-arn", help="required with a recipe")
    run.add_argument("--distribution-configuration-arn")
    run.add_argument("--client-token", help="idempotency token (default: a new UUID per run)")
    run.add_argument("--endpoint-url", help="another Image Builder endpoint, such as the local service")
    run.add_argument("--region", help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)")
    run.add_argument("--profile", help="AWS profile of the shared config and credentials files")
    run.add_argument("--deadline", type=float, default=WaitOptions().deadline_seconds,
                     help="seconds to wait before cancelling the build (default: %(default)s)")
    run.add_argument("--max-poll", type=float, default=WaitOptions().max_poll_seconds,
                     help="longest wait between polls, seconds; also caps the shorter intervals (default: %(default)s)")
    run.set_defaults(usage_error=run.error)
    orphans_cmd = commands.add_parser("orphans", help="list (cancel, delete) builds tagged for a stack that its state "
                                                  "does not hold")
    orphans_cmd.add_argument("--stack", required=True, help="the stack: NAME, or ORG/PROJECT/NAME")
    orphans_cmd.add_argument("--project", help="the stack's project (default: from the state's resources)")
    orphans_cmd.add_argument("--state-file", help="the output of `pulumi stack export` (default: run it)")
    orphans_cmd.add_argument("--region", help="AWS region to look in, besides every region the state's builds are in "
                                              "(default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)")
    orphans_cmd.add_argument("--profile", help="AWS profile of the shared config and credentials files")
    orphans_cmd.add_argument("--endpoint-url", help="another Image Builder endpoint, such as the local service")
    action = orphans_cmd.add_mutually_exclusive_group()
    action.add_argument("--cancel", action="store_true", help="cancel the orphans that are still building")
    action.add_argument("--delete", action="store_true",
                        help="delete the orphans with their AMIs, snapshots and containers (cancelling running ones); "
                             "needs --execution-role")
    orphans_cmd.add_argument("--execution-role", metavar="ROLE",
                             help="with --delete: the IAM role (name or ARN) Image Builder deletes the AMIs, snapshots "
                                  "and containers with")
    orphans_cmd.add_argument("--json", action="store_true", help="print the orphans as JSON")
    orphans_cmd.set_defaults(usage_error=orphans_cmd.error)
    return parser


def installed_version() -> str:
    """The version of the installed ``imagebuild-resource`` distribution."""
    try:
        return version("imagebuild-resource")
    except PackageNotFoundError:
        return "(not installed: run from a source tree)"


def _orphans_usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with the orphans options together, or None."""
    if args.delete and not args.execution_role:
        return ("--delete needs --execution-role ROLE: the IAM role (name or ARN) Image Builder deletes the AMIs, "
                "snapshots and containers with (StartResourceStateUpdate's executionRole, which AWS requires "
                "together with the resources to delete)")
    if args.execution_role and not args.delete:
        return "--execution-role is only used with --delete"
    problem = orphans.deletion_role_problem(args.execution_role) if args.execution_role else None
    return f"--execution-role: {problem}" if problem else None


def _run_usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with the run options together, or None: a recipe needs an infrastructure configuration, a
    pipeline has its own (and its own distribution and token)."""
    if args.image_pipeline_arn is None:
        return None if args.infrastructure_configuration_arn else \
            "--infrastructure-configuration-arn is required with --image-recipe-arn or --container-recipe-arn"
    given = [option for option, value in (("--infrastructure-configuration-arn", args.infrastructure_configuration_arn),
                                          ("--distribution-configuration-arn", args.distribution_configuration_arn),
                                          ("--client-token", args.client_token)) if value is not None]
    return (f"{', '.join(given)}: not used with --image-pipeline-arn (the pipeline names its own configurations, "
            "and each run gets a new token)") if given else None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    error = _orphans_usage_error(args) if args.command == "orphans" else _run_usage_error(args)
    if error:
        args.usage_error(error)  # exits 2, after the command's usage line
    cancel = threading.Event()
    previous = _install_interrupt(cancel)
    try:
        if args.command == "orphans":
            return _orphans(args, sys.stdout, sys.stderr)
        return _run(args, cancel, sys.stdout, sys.stderr)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _install_interrupt(cancel: threading.Event) -> Any:
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupted(signum: int, frame: Any) -> None:
        print("\nInterrupted: cancelling the image build...", file=sys.stderr, flush=True)
        cancel.set()

    return signal.signal(signal.SIGINT, interrupted)


def _run(args: argparse.Namespace, cancel: threading.Event, out: TextIO, err: TextIO) -> int:
    try:
        options = WaitOptions.capped(deadline_seconds=args.deadline, max_poll_seconds=args.max_poll)
        client = make_client(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url)
    except (ValueError, BotoCoreError) as exc:
        print(f"imagebuild: {exc}", file=err)
        return 2
    start: BuildStart
    if args.image_pipeline_arn is not None:
        start = PipelineStart(args.image_pipeline_arn)
    else:
        start = CreateImageStart({
            "imageRecipeArn": args.image_recipe_arn,
            "containerRecipeArn": args.container_recipe_arn,
            "infrastructureConfigurationArn": args.infrastructure_configuration_arn,
            "distributionConfigurationArn": args.distribution_configuration_arn,
            "clientToken": args.client_token,
        })
    progress = _ConsoleProgress(err)
    try:
        outcome = run_build(Caller(client, options, cancel), BuildRequest(start), progress)
    except BuildCancelledError as exc:
        print(f"imagebuild: {exc}", file=err)
        return 130
    except WorkflowError as exc:
        print(f"imagebuild: {exc}", file=err)
        return 1
    except BotoCoreError as exc:  # configuration: no region, no credentials, unknown profile
        print(f"imagebuild: {type(exc).__name__}: {exc}", file=err)
        return 1
    print(json.dumps(outcome.outputs, indent=2), file=out)
    if outcome.outputs.get("finalStatus") != AVAILABLE:
        print(f"imagebuild: {build_failure_message(outcome.image or {}, client.meta.region_name, outcome.step)}",
              file=err)
        return 1
    return 0


class _ConsoleProgress:
    """A build's progress as lines on ``err``: each status change and each new workflow step, with the time."""

    def __init__(self, err: TextIO) -> None:
        self.err, self.started, self.words = err, time.monotonic(), BuildProgress()

    def say(self, message: str, severity: str = "info") -> None:
        self._print(message if severity == "info" else f"{severity}: {message}")

    def observe(self, image: dict[str, Any]) -> None:
        first = self.words.status is None
        change, _ = self.words.observe(image)
        if change and first:  # the first line names the build
            change = f"image build {image.get('arn', '')}: {change}"
        for line in (change, self.words.new_step()):
            if line:
                self._print(line)

    def step(self, step: WorkflowStep) -> None:
        self.words.record_step(step)

    def _print(self, line: str) -> None:
        elapsed = int(time.monotonic() - self.started)
        print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {line}", file=self.err, flush=True)


def _regional_callers(args: argparse.Namespace, state_regions: frozenset[str]) -> list[Caller]:
    """A caller for ``--region`` (or the default region), then one for each other region the state's builds are in."""
    first = Caller(make_client(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url))
    others = sorted(state_regions - {first.region})
    return [first, *(Caller(make_client(region=region, profile=args.profile, endpoint_url=args.endpoint_url))
                     for region in others)]


def _orphans(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.state_file:
            with open(args.state_file, encoding="utf-8") as fh:
                exported = orphans.parse_json(fh.read(), args.state_file)
        else:
            exported = orphans.export_state(args.stack)
        state = orphans.stack_state(exported, args.stack, args.project)
        callers = _regional_callers(args, state.regions)
        found = [(caller, orphan) for caller in callers for orphan in orphans.find_orphans(caller, state)]
    except (OSError, orphans.StateError, CallFailed, WorkflowError, BotoCoreError) as exc:
        print(f"imagebuild orphans: {exc}", file=err)
        return 1
    if args.json:
        print(json.dumps([orphan.to_dict() for _, orphan in found], indent=2), file=out)
    else:
        now = datetime.now(timezone.utc)
        where = ", ".join(str(caller.region) for caller in callers)
        print(f"{len(found)} build(s) tagged for stack {state.stack} that its state does not hold (in {where})",
              file=out)
        for _, orphan in found:
            print(f"  {orphan.arn}  {orphan.status}  age {orphan.age(now)}  AMIs: {', '.join(orphan.amis) or '-'}",
                  file=out)
    failed = 0
    for caller, orphan in found if args.cancel or args.delete else []:
        try:
            done = orphans.delete_orphan(caller, orphan, args.execution_role) if args.delete else \
                orphans.cancel_orphan(caller, orphan)
        except (ImageBuildError, CallFailed, WorkflowError, Interrupted) as exc:
            done, failed = f"failed: {exc}", failed + 1
        print(f"{orphan.arn}: {done}", file=err)
    return 1 if failed else 0
