"""Benchmark 3: memory and threads of builds waiting at once, cancelled at their deadline.

Each configuration runs in a fresh interpreter (``python -m bench.waiting K MODE`` prints
JSON), so memory freed by one does not hide the growth of the next. K threads each run
``run_build`` on the hanging recipe with a 15-minute modeled deadline and
``cancel_on_deadline``. MODE ``provider`` asks ``make_client`` for a client per build, as
``ImageBuildProvider.create`` does (it hands out the process's client while the
credentials stay the same); ``own-session`` gives each build a boto3 session and client
of its own, as every build had before.
RSS is sampled every 5 ms from ``/proc/self/statm`` (``ru_maxrss`` where there is none).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from imagebuilder_local import AdminClient, DEMO_HANGS_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN
from imagebuild_resource.imagebuilder import DeadlineExceededError, WaitOptions

from .common import ScaledClock, Table, build, client_for, own_client, service_process

BUILDS = (1, 10, 50)
MODES = ("provider", "own-session")
TIME_SCALE = 0.002
OPTIONS = WaitOptions(deadline_seconds=15 * 60, cancel_on_deadline=True)
INPUTS = {"imageRecipeArn": DEMO_HANGS_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
MB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size now (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Sampler(threading.Thread):
    """Samples RSS and the thread count until stopped; keeps the peaks."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.peak_rss, self.peak_threads = rss_bytes(), threading.active_count()

    def run(self) -> None:
        while not self.stop.wait(0.005):
            self.peak_rss = max(self.peak_rss, rss_bytes())
            self.peak_threads = max(self.peak_threads, threading.active_count())


def wait_for_build(make_client: Callable[[], Any], results: list[bool]) -> None:
    """Run one build to its deadline; record whether the runtime cancelled it."""
    try:
        build(make_client(), INPUTS, OPTIONS, ScaledClock(TIME_SCALE))
        results.append(False)
    except DeadlineExceededError as error:
        results.append(error.cancelled)


def measure(builds: int, mode: str) -> dict[str, Any]:
    """Start ``builds`` waits at once and sample memory and threads until all have ended."""
    with service_process(time_scale=TIME_SCALE) as endpoint:
        make_client = (lambda: own_client(endpoint)) if mode == "own-session" else (lambda: client_for(endpoint))
        wait_for_build(make_client, [])  # warm-up: imports, model loading, connection
        AdminClient(endpoint).reset()
        gc.collect()
        baseline = rss_bytes()
        sampler, results = Sampler(), list[bool]()
        sampler.start()
        threads_before = threading.active_count()
        began = time.perf_counter()
        workers = [threading.Thread(target=wait_for_build, args=(make_client, results)) for _ in range(builds)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - began
        sampler.stop.set()
        sampler.join()
        counters = AdminClient(endpoint).counters()
    return {"builds": builds, "mode": mode, "baseline_mb": baseline / MB, "growth_mb": (sampler.peak_rss - baseline) / MB,
            "extra_threads": sampler.peak_threads - threads_before, "cancelled": sum(results),
            "seconds": elapsed, "get_image_calls": counters.get("GetImage", {}).get("calls", 0),
            "cancel_calls": counters.get("CancelImageCreation", {}).get("calls", 0)}


def measure_in_subprocess(builds: int, mode: str) -> dict[str, Any]:
    """``measure`` in a fresh interpreter."""
    output = subprocess.run([sys.executable, "-m", "bench.waiting", str(builds), mode], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output)


def run() -> Table:
    """Benchmark 3."""
    table = Table("3. Builds waiting at once (hanging recipe, cancelled at the deadline)",
                  ["builds", "clients", "RSS growth (MB)", "per build (MB)", "extra threads", "cancelled",
                   "GetImage calls", "wall (s)"])
    for mode in MODES:
        for builds in BUILDS:
            r = measure_in_subprocess(builds, mode)
            table.rows.append([r["builds"], r["mode"], r["growth_mb"], r["growth_mb"] / r["builds"],
                               r["extra_threads"], f"{r['cancelled']}/{r['builds']}", r["get_image_calls"],
                               r["seconds"]])
    table.notes += [
        f"Deadline 15 modeled minutes (time scale {TIME_SCALE}: 1.8 s real), default poll schedule; "
        "each run in a fresh interpreter after one warm-up build; growth is peak RSS minus RSS before the builds.",
        "'provider': a client per build from make_client, as ImageBuildProvider.create gets it (the same client "
        "while the credentials stay the same); 'own-session': a boto3 session and client per build.",
    ]
    return table


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), sys.argv[2])))
