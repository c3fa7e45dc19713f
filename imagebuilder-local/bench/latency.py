"""Calls per second of the local service: latency and throughput of signed boto3 calls.

The service runs in its own process (its own GIL), as ``python -m imagebuilder_local``; each
client thread has its own boto3 client (a session of its own, no retries), warmed up before
timing. Latency is per call, client side. ``python -m bench.latency`` (from imagebuilder-local/)
prints the table and rewrites its section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import math
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config

from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_REGION, TEST_ACCESS_KEY,
                                TEST_SECRET_KEY)

from .results import rewrite_section, run_lines

SECTION = "Signed boto3 calls"
CALLS = 2000
THREADS = (1, 4)
WARMUP_CALLS = 5
CREATE_ARGS = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
HEADERS = ["operation", "threads", "calls", "calls/s", "p50 (ms)", "p95 (ms)", "p99 (ms)"]

Call = Callable[[Any], object]


@contextmanager
def service_process() -> Iterator[str]:
    """The local service in its own process; yields its endpoint URL."""
    process = subprocess.Popen([sys.executable, "-m", "imagebuilder_local", "--port", "0"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        endpoint = process.stdout.readline().strip()
        if not endpoint.startswith("http"):
            raise RuntimeError(f"the local service did not start: {endpoint!r}")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def new_client(endpoint: str) -> Any:
    """A boto3 client with a session of its own, the test credentials and no retries."""
    session = boto3.session.Session(region_name=DEMO_REGION, aws_access_key_id=TEST_ACCESS_KEY,
                                    aws_secret_access_key=TEST_SECRET_KEY)
    config = Config(connect_timeout=10, read_timeout=60, retries={"mode": "standard", "total_max_attempts": 1})
    return session.client("imagebuilder", endpoint_url=endpoint, config=config)


def operations(arn: str) -> dict[str, Call]:
    """The timed calls; CreateImage gets a fresh idempotency token from botocore each time."""
    return {
        "GetImage": lambda client: client.get_image(imageBuildVersionArn=arn),
        "CreateImage": lambda client: client.create_image(**CREATE_ARGS),
    }


def timed_calls(client: Any, call: Call, count: int, start: threading.Barrier) -> list[float]:
    """Warm up, wait for the other threads, then time ``count`` calls (seconds each)."""
    for _ in range(WARMUP_CALLS):
        call(client)
    start.wait()
    latencies = []
    for _ in range(count):
        began = time.perf_counter()
        call(client)
        latencies.append(time.perf_counter() - began)
    return latencies


def measure(endpoint: str, call: Call, threads: int) -> tuple[float, list[float]]:
    """(calls per second, latencies) of ``CALLS`` calls split over ``threads`` threads."""
    clients = [new_client(endpoint) for _ in range(threads)]
    start = threading.Barrier(threads + 1)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(timed_calls, c, call, CALLS // threads, start) for c in clients]
        start.wait()
        began = time.perf_counter()
        latencies = [x for f in futures for x in f.result()]
        elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


def rows() -> list[list[Any]]:
    """One row per operation and thread count."""
    out: list[list[Any]] = []
    with service_process() as endpoint:
        arn = new_client(endpoint).create_image(**CREATE_ARGS)["imageBuildVersionArn"]
        for name, call in operations(arn).items():
            for threads in THREADS:
                rate, latencies = measure(endpoint, call, threads)
                ms = [x * 1000 for x in latencies]
                out.append([name, threads, len(ms), rate, percentile(ms, 50), percentile(ms, 95), percentile(ms, 99)])
    return out


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def report(table: list[list[Any]], seconds: float) -> list[str]:
    """The lines of this benchmark's section of ``bench/RESULTS.md``."""
    lines = [*run_lines(seconds, "python -m bench.latency"), "",
             "| " + " | ".join(HEADERS) + " |", "|" + "|".join("---" for _ in HEADERS) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table]
    lines += ["", "- Client and service are separate processes on the same cores; SigV4 signing and verification "
                  "included.",
              f"- {WARMUP_CALLS} untimed calls per client first (connection, endpoint resolution)."]
    return lines


def main() -> None:
    """Run the benchmark, print it and rewrite its section of ``bench/RESULTS.md``."""
    began = time.perf_counter()
    lines = report(rows(), time.perf_counter() - began)
    print("\n".join(lines))
    rewrite_section(SECTION, lines)


if __name__ == "__main__":
    main()
