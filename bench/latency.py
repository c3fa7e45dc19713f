"""Benchmark 2: latency and throughput of signed boto3 calls to the local service.

The service runs in its own process (its own GIL), as ``make demo`` runs it; each client
thread has its own client, warmed up before timing. Latency is per call, client side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from .common import Table, client_for, own_client, percentile, service_process

CALLS = 2000
THREADS = (1, 4)
WARMUP_CALLS = 5
CREATE_ARGS = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}

Call = Callable[[Any], object]


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
    clients = [own_client(endpoint) for _ in range(threads)]
    start = threading.Barrier(threads + 1)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(timed_calls, c, call, CALLS // threads, start) for c in clients]
        start.wait()
        began = time.perf_counter()
        latencies = [x for f in futures for x in f.result()]
        elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies


def run() -> Table:
    """Benchmark 2."""
    table = Table("2. Local service: signed boto3 calls", ["operation", "threads", "calls", "calls/s",
                                                           "p50 (ms)", "p95 (ms)", "p99 (ms)"])
    with service_process() as endpoint:
        arn = client_for(endpoint).create_image(**CREATE_ARGS)["imageBuildVersionArn"]
        for name, call in operations(arn).items():
            for threads in THREADS:
                rate, latencies = measure(endpoint, call, threads)
                ms = [x * 1000 for x in latencies]
                table.rows.append([name, threads, len(ms), rate, percentile(ms, 50), percentile(ms, 95),
                                   percentile(ms, 99)])
    table.notes += [
        "Client and service are separate processes on the same 2 cores; SigV4 signing and verification included.",
        f"{WARMUP_CALLS} untimed calls per client first (connection, endpoint resolution).",
    ]
    return table
