"""``imagebuild run``: run the seed workflow outside Pulumi, with live progress on stderr.

Each status change and each workflow step read (``BUILDING: step 2/6 ApplyBuildComponents (3m)``)
is a line on stderr. Prints the workflow outputs as JSON on stdout; exits 0 only when the image is AVAILABLE
(1 for FAILED/CANCELLED or a workflow error, 2 for bad usage, 130 when interrupted).
Ctrl-C sets the cancel signal: the build is cancelled before the command exits.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from typing import Any, TextIO

from botocore.exceptions import BotoCoreError

from .aws import make_client
from .failures import build_failure_message
from .imagebuilder import BuildCancelledError, WaitOptions, run_image_build
from .imagebuilder.progress import BuildProgress
from .imagebuilder.statuses import AVAILABLE
from .workflow import WorkflowError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imagebuild", description="Build an EC2 Image Builder image by running "
                                     "the create-image-and-poll Arazzo workflow.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="create an image and wait for it")
    recipe = run.add_mutually_exclusive_group(required=True)
    recipe.add_argument("--image-recipe-arn")
    recipe.add_argument("--container-recipe-arn")
    run.add_argument("--infrastructure-configuration-arn", required=True)
    run.add_argument("--distribution-configuration-arn")
    run.add_argument("--client-token", help="idempotency token (default: a new UUID per run)")
    run.add_argument("--endpoint-url", help="another Image Builder endpoint, such as the local service")
    run.add_argument("--region", help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)")
    run.add_argument("--profile", help="AWS profile of the shared config and credentials files")
    run.add_argument("--deadline", type=float, default=WaitOptions().deadline_seconds,
                     help="seconds to wait before cancelling the build (default: %(default)s)")
    run.add_argument("--max-poll", type=float, default=WaitOptions().max_poll_seconds,
                     help="longest wait between polls, seconds; also caps the shorter intervals (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    cancel = threading.Event()
    previous = _install_interrupt(cancel)
    try:
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
    members = {
        "imageRecipeArn": args.image_recipe_arn,
        "containerRecipeArn": args.container_recipe_arn,
        "infrastructureConfigurationArn": args.infrastructure_configuration_arn,
        "distributionConfigurationArn": args.distribution_configuration_arn,
        "clientToken": args.client_token,
    }
    started = time.monotonic()
    words = BuildProgress()

    def progress(image: dict[str, Any]) -> None:
        change, _ = words.observe(image)
        elapsed = int(time.monotonic() - started)
        for line in (change, words.new_step()):
            if line:
                print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {line}", file=err, flush=True)

    try:
        outcome = run_image_build(client, members, options=options, cancel=cancel, on_observe=progress,
                                  on_step=words.record_step)
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
