"""Shared helpers: a scaled runtime clock, a local service in its own process, stats, tables."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.session
from botocore.config import Config

from imagebuild_resource.aws import BOTOCORE_ATTEMPTS, CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, make_client
from imagebuilder_local import DEMO_REGION, TEST_ACCESS_KEY, TEST_SECRET_KEY
from imagebuild_resource.servicemodel import shared_loader
from imagebuild_resource.arazzo.timing import CancelSignal
from imagebuild_resource.imagebuilder import (BuildOutcome, BuildRequest, Caller, CreateImageStart, Quiet,
                                              WaitOptions, run_build)


def build(client: Any, members: dict[str, Any], options: WaitOptions, clock: Any = None,
          observer: Any = None, read_steps: bool = False) -> BuildOutcome:
    """One CreateImage build of ``members``, waited for as the resource waits."""
    caller = Caller(client, options, clock=clock) if clock is not None else Caller(client, options)
    return run_build(caller, BuildRequest(CreateImageStart(members), read_steps=read_steps), observer or Quiet())


class ScaledClock:
    """The runtime's clock in modeled seconds: real time divided by ``time_scale``.

    With the service's ``time_scale`` it lets the runtime use its real ``WaitOptions``
    against a service whose builds run ``1 / time_scale`` times faster than real.
    """

    def __init__(self, time_scale: float) -> None:
        self.time_scale = time_scale

    def now(self) -> float:
        return time.monotonic() / self.time_scale

    def wait(self, seconds: float, cancel: CancelSignal | None) -> bool:
        if cancel is None:
            time.sleep(seconds * self.time_scale)
            return False
        return bool(cancel.wait(seconds * self.time_scale))


@dataclass
class Table:
    """One benchmark's result: a title, notes, and rows under headers."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The table as GitHub-flavoured Markdown, notes after it."""
        lines = [f"## {self.title}", "", "| " + " | ".join(self.headers) + " |",
                 "|" + "|".join("---" for _ in self.headers) + "|"]
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in self.rows]
        if self.notes:
            lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


@contextmanager
def service_process(time_scale: float = 0.0025, build_minutes: float = 45.0) -> Iterator[str]:
    """A local Image Builder service in its own process (own GIL); yields its endpoint URL."""
    command = [sys.executable, "-m", "imagebuilder_local", "--port", "0",
               "--time-scale", str(time_scale), "--build-minutes", str(build_minutes)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        endpoint = process.stdout.readline().strip()
        if not endpoint.startswith("http"):
            raise RuntimeError(f"the local service did not start: {endpoint!r}")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def client_for(endpoint: str) -> Any:
    """A boto3 client got the way ``ImageBuildProvider.create`` gets one: the process's client while the
    credentials stay the same."""
    return make_client(region=DEMO_REGION, endpoint_url=endpoint, access_key=TEST_ACCESS_KEY,
                       secret_key=TEST_SECRET_KEY)


def own_client(endpoint: str) -> Any:
    """A client with a boto3 session of its own (the model data shared), as every build had one before
    ``make_client`` shared them."""
    session = boto3.session.Session(region_name=DEMO_REGION, aws_access_key_id=TEST_ACCESS_KEY,
                                    aws_secret_access_key=TEST_SECRET_KEY,
                                    botocore_session=botocore.session.get_session())
    session._session.register_component("data_loader", shared_loader())
    config = Config(connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=READ_TIMEOUT_SECONDS,
                    retries={"mode": "standard", "total_max_attempts": BOTOCORE_ATTEMPTS})
    return session.client("imagebuilder", endpoint_url=endpoint, config=config)
