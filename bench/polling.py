"""Benchmark 1: GetImage calls and detection lag of the paced poll vs a fixed 10-second poll.

Each run gets its own in-process service (so its counters are its own) whose builds take
45 or 90 modeled minutes; the runtime waits on a ``ScaledClock`` with the same scale, so
the real ``WaitOptions`` apply in modeled seconds. Lag is from the modeled AVAILABLE moment
(build creation + modeled duration) to the runtime's AVAILABLE transition callback, and so
includes one call's latency (about 1-3 ms real, i.e. under a modeled second at this scale).
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, BuildTimeline, ImageBuilderService
from imagebuild_resource.imagebuilder import Quiet, WaitOptions
from imagebuild_resource.arazzo.pacing import PollPacer

from .common import ScaledClock, Table, build, mean

TIME_SCALE = 0.004  # real seconds per modeled second: a 90-minute build takes 21.6 s
DURATIONS = (45.0, 90.0)
SEEDS = range(5)
SIMULATED_SEEDS = range(200)
PACED = "paced (defaults)"
FIXED = "fixed 10 s"
INPUTS = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}


@dataclass(frozen=True)
class PollRun:
    """One build waited for: GetImage calls and modeled seconds from AVAILABLE to noticing it."""

    minutes: float
    strategy: str
    calls: int
    lag: float


def options_for(strategy: str, seed: int) -> WaitOptions:
    """The runtime defaults, or a fixed unjittered 10-second poll."""
    if strategy == FIXED:
        return WaitOptions(min_poll_seconds=10, max_poll_seconds=10, fast_poll_seconds=10, poll_jitter=0)
    return WaitOptions(random_seed=seed)


class _Available(Quiet):
    """Notes when a poll first sees the build AVAILABLE."""

    at = 0.0

    def observe(self, image: dict[str, Any]) -> None:
        if not self.at and (image.get("state") or {}).get("status") == "AVAILABLE":
            self.at = time.time()


def run_against_service(minutes: float, strategy: str, seed: int) -> PollRun:
    """Build once against a fresh service and read its GetImage counter."""
    noticed = _Available()
    with ImageBuilderService(time_scale=TIME_SCALE, build_minutes=minutes) as service:
        outcome = build(service.client(), INPUTS, options_for(strategy, seed), ScaledClock(TIME_SCALE), noticed)
        build = service.backend.builds[outcome.outputs["imageBuildVersionArn"]]
        available_at = build.created + build.total * TIME_SCALE
        calls = service.admin.counters()["GetImage"]["calls"]
    return PollRun(minutes, strategy, calls, (noticed.at - available_at) / TIME_SCALE)


def simulate(minutes: float, seed: int) -> PollRun:
    """The default pacer on the service's stage timeline, no latency, no HTTP."""
    timeline = BuildTimeline.for_build(minutes * 60, tests_enabled=True)
    end = timeline.stages[-1][2]
    pacer = PollPacer(WaitOptions().pacing(), random.Random(seed))
    now, calls = 0.0, 0
    while True:
        calls += 1
        status = timeline.stage_at(now)
        if status is None:
            return PollRun(minutes, f"{PACED}, simulated", calls, now - end)
        now += pacer.next_delay(status)


def service_runs() -> list[PollRun]:
    """Every seed of the paced poll and one fixed poll per duration, all at once."""
    jobs = [(m, PACED, s) for m in DURATIONS for s in SEEDS] + [(m, FIXED, 0) for m in DURATIONS]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda job: run_against_service(*job), jobs))


def summarize(runs: list[PollRun]) -> Table:
    """One row per duration and strategy: mean/worst calls and lag."""
    table = Table("1. Polling cost against the local service",
                  ["build", "strategy", "runs", "GetImage mean", "GetImage worst", "fixed-10 s nominal",
                   "lag mean (s)", "lag worst (s)"])
    groups: dict[tuple[float, str], list[PollRun]] = {}
    for run in runs:
        groups.setdefault((run.minutes, run.strategy), []).append(run)
    for (minutes, strategy), group in sorted(groups.items()):
        calls, lags = [r.calls for r in group], [r.lag for r in group]
        table.rows.append([f"{minutes:.0f} min", strategy, len(group), mean(calls), max(calls),
                           int(minutes * 6), mean(lags), max(lags)])
    table.notes += [
        f"Service time scale {TIME_SCALE} real s per modeled s; the runtime's clock runs on the same scale, "
        "so WaitOptions are the real defaults (5 s -> 60 s back-off, 10 s fast poll, jitter 0.3).",
        "Lag: modeled seconds from the build reaching AVAILABLE to the runtime noticing it, one call's latency included.",
        "Against the service each call's latency (a few ms real, 12 runs sharing one process) passes as modeled "
        "seconds, so every interval runs a little long and the counts come out below the nominal ones.",
        "'simulated' rows: the same pacer on the service's stage timeline with a fake clock (no latency).",
    ]
    return table


def run() -> Table:
    """Benchmark 1."""
    runs = service_runs()
    runs += [simulate(m, s) for m in DURATIONS for s in SIMULATED_SEEDS]
    return summarize(runs)
