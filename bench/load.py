"""Benchmark 6: 100 builds in one ``pulumi up`` under the real Pulumi engine, against 1 build.

The real CLI (``pulumi`` on PATH: ``make bench`` and ``make test`` put the pinned one
there) runs a program of N ``ImageBuild`` resources against the local service in a
process of its own. The service's time scale and the program's polling options are
scaled alike: a build is 45 modeled minutes, polled from 5 s backing off to 30 s
modeled (about the ~100 GetImage calls the real defaults make, see below). In one run:

- the wall time of ``pulumi up --parallel 100`` with 1 build and with 100;
- the peak memory (VmHWM) of the provider process, the ``python -m pulumi.dynamic``
  process working in the project's folder, read from ``/proc`` until it exits;
- the service's call counters around ``pulumi preview`` of the 100 builds, once
  before they exist (100 creates) and once after a tag change (100 updates).

``python -m bench.load --check`` runs just that and exits non-zero when a target is
missed: 100 builds within 1.2 times the wall time of 1, the provider within 200 MB,
previews without a call to the service. ``make test`` runs it after the test suite.
Without ``--check`` (``make bench``) it also times 1 and 100 builds under the engine's
default ``--parallel`` (4 per core), with shorter builds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, AdminClient
from tests.e2e.harness import IMAGEBUILD_TYPE, PROVIDER_MODULE, Project, processes_in

from .common import Table, service_process

BUILD_MODELED_SECONDS = 45 * 60
TIME_SCALE = 0.01  # real seconds per modeled second: a build takes 27 s
DEFAULT_PARALLEL_TIME_SCALE = 0.0025  # 6.75 s: under the default --parallel, 100 builds run in waves
POLL_MIN_MODELED, POLL_MAX_MODELED = 5.0, 30.0
BUILDS = 100
PARALLEL = BUILDS
MAX_WALL_RATIO = 1.2
MAX_PROVIDER_MB = 200.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("load")
for index in range(config.require_int("builds")):
    ImageBuild(f"img-{index}", ImageBuildArgs(
        image_recipe_arn=config.require("recipe"), infrastructure_configuration_arn=config.require("infra"),
        poll_min_seconds=config.require_float("pollMin"), poll_max_seconds=config.require_float("pollMax"),
        tags={"run": config.require("run")}))
"""


# ----- the provider process, from /proc ------------------------------------------------------------

def peak_kb(pid: int) -> int | None:
    """VmHWM (peak resident set) of ``pid`` in kB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of ``pid`` so far, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class ProviderSampler(threading.Thread):
    """Samples the dynamic providers working in ``workdir`` until stopped: peak memory and CPU time of each."""

    def __init__(self, workdir: Path, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.workdir, self.interval = workdir.resolve(), interval
        self.stop = threading.Event()
        self.peak_kb: dict[int, int] = {}
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            for pid in set(processes_in(self.workdir, PROVIDER_MODULE)) | set(self.peak_kb):
                hwm, cpu = peak_kb(pid), cpu_seconds(pid)
                if hwm is not None:
                    self.peak_kb[pid] = max(hwm, self.peak_kb.get(pid, 0))
                if cpu is not None:
                    self.cpu[pid] = cpu


# ----- one update, one preview ---------------------------------------------------------------------

@dataclass(frozen=True)
class Update:
    """One ``pulumi up`` of ``builds`` builds."""

    builds: int
    parallel: int | None
    time_scale: float
    seconds: float
    provider_mb: float
    provider_cpu: float
    get_image_per_build: float
    create_spread: float

    @property
    def build_seconds(self) -> float:
        return BUILD_MODELED_SECONDS * self.time_scale


def load_project(root: Path, endpoint: str, builds: int, time_scale: float) -> Project:
    """A project of ``builds`` builds against ``endpoint``, polling on the service's time scale."""
    project = Project.create(root / f"builds-{builds}-{time_scale}", endpoint, PROGRAM)
    settings = {"builds": builds, "recipe": DEMO_IMAGE_RECIPE_ARN, "infra": DEMO_INFRASTRUCTURE_ARN,
                "pollMin": POLL_MIN_MODELED * time_scale, "pollMax": POLL_MAX_MODELED * time_scale, "run": 1}
    project.run("config", "set-all", *(f"--plaintext=load:{key}={value}" for key, value in settings.items()))
    return project


class CreateTimes(threading.Thread):
    """Collects the times of the service's CreateImage calls as they come, until ``builds`` are there (the call
    log keeps the last 10,000 calls, which the polls of 100 builds overrun)."""

    def __init__(self, admin: AdminClient, builds: int) -> None:
        super().__init__(daemon=True)
        self.admin, self.builds = admin, builds
        self.stop = threading.Event()
        self.by_seq: dict[int, float] = {}

    def run(self) -> None:
        while not self.stop.wait(0.5) and len(self.by_seq) < self.builds:
            self.by_seq.update((call["seq"], call["time"]) for call in self.admin.calls("CreateImage"))

    @property
    def times(self) -> list[float]:
        return list(self.by_seq.values())


def update(project: Project, admin: AdminClient, builds: int, parallel: int | None, time_scale: float) -> Update:
    """``pulumi up`` timed with its provider sampled; every build must end AVAILABLE."""
    admin.reset()
    sampler, creates = ProviderSampler(project.workdir), CreateTimes(admin, builds)
    sampler.start()
    creates.start()
    began = time.perf_counter()
    project.run("up", "--yes", "--skip-preview", *(["--parallel", str(parallel)] if parallel else []))
    seconds = time.perf_counter() - began
    for thread in (sampler, creates):
        thread.stop.set()
        thread.join()
    statuses = [build["status"] for build in admin.builds()]
    if statuses != ["AVAILABLE"] * builds:
        raise AssertionError(f"expected {builds} AVAILABLE builds, got {statuses}")
    if len(sampler.peak_kb) != 1:
        raise AssertionError(f"expected one provider process, saw {len(sampler.peak_kb)}")
    if len(creates.times) != builds:
        raise AssertionError(f"expected {builds} CreateImage calls in the call log, read {len(creates.times)}")
    return Update(builds, parallel, time_scale, seconds, max(sampler.peak_kb.values()) / 1024,
                  max(sampler.cpu.values(), default=0.0),
                  admin.counters()["GetImage"]["calls"] / builds, max(creates.times) - min(creates.times))


def service_calls(admin: AdminClient) -> int:
    """Every API call the service has answered so far."""
    return sum(counter.get("calls", 0) for counter in admin.counters().values())


def preview(project: Project, admin: AdminClient, op: str) -> tuple[int, int]:
    """``pulumi preview``: how many builds it shows with ``op``, and the calls the service answered meanwhile."""
    before = service_calls(admin)
    ops = [step["op"] for step in project.preview_steps() if f"::{IMAGEBUILD_TYPE}::" in step["urn"]]
    return ops.count(op), service_calls(admin) - before


# ----- the benchmark ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """What one run measured."""

    updates: list[Update]
    previews: dict[str, tuple[int, int]]

    def ratio(self, update: Update) -> float:
        """``update``'s wall time over that of 1 build under the same --parallel and time scale."""
        (one,) = [u for u in self.updates if u.builds == 1 and (u.parallel, u.time_scale) ==
                  (update.parallel, update.time_scale)]
        return update.seconds / one.seconds

    def misses(self) -> list[str]:
        """The targets missed (none when all are met)."""
        (load,) = [u for u in self.updates if u.builds == BUILDS and u.parallel == PARALLEL]
        missed = []
        if self.ratio(load) > MAX_WALL_RATIO:
            missed.append(f"{BUILDS} builds took {self.ratio(load):.2f} times the wall time of 1 "
                          f"(target {MAX_WALL_RATIO})")
        if load.provider_mb > MAX_PROVIDER_MB:
            missed.append(f"the provider's peak memory was {load.provider_mb:.0f} MB (target {MAX_PROVIDER_MB:.0f})")
        for name, (shown, calls) in self.previews.items():
            if calls or shown != BUILDS:
                missed.append(f"preview {name}: {shown} of {BUILDS} builds shown, {calls} service calls (target 0)")
        return missed


def pair(root: Path, builds: int, parallel: int | None, time_scale: float,
         previews: dict[str, tuple[int, int]] | None = None) -> list[Update]:
    """1 build, then ``builds`` builds, against one service; with ``previews``, preview the larger project."""
    with service_process(time_scale=time_scale) as endpoint:
        admin = AdminClient(endpoint)
        single = update(load_project(root, endpoint, 1, time_scale), admin, 1, parallel, time_scale)
        project = load_project(root, endpoint, builds, time_scale)
        if previews is not None:
            previews["of a new stack (creates)"] = preview(project, admin, "create")
        many = update(project, admin, builds, parallel, time_scale)
        if previews is not None:
            project.run("config", "set", "load:run", "2")
            previews["after a tag change (updates)"] = preview(project, admin, "update")
    return [single, many]


def measure(quick: bool) -> Result:
    """The 1-vs-100 pair with previews; unless ``quick``, also the pair under the engine's default --parallel."""
    previews: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        updates = pair(Path(tmp), BUILDS, PARALLEL, TIME_SCALE, previews)
        if not quick:
            updates += pair(Path(tmp), BUILDS, None, DEFAULT_PARALLEL_TIME_SCALE)
    return Result(updates, previews)


def table(result: Result) -> Table:
    """The Markdown table of a run."""
    table = Table("6. Builds in one `pulumi up` under the real engine",
                  ["builds", "--parallel", "build (s)", "wall (s)", "wall / 1 build", "provider peak (MB)",
                   "provider CPU (s)", "GetImage per build", "last CreateImage after first (s)"])
    for u in result.updates:
        table.rows.append([u.builds, u.parallel or f"default ({4 * (os.cpu_count() or 1)})", u.build_seconds,
                           u.seconds, f"{result.ratio(u):.3f}", u.provider_mb, u.provider_cpu,
                           u.get_image_per_build, u.create_spread])
    table.notes += [
        f"Real Pulumi CLI, file backend, local service in its own process; a build is 45 modeled minutes at "
        f"{TIME_SCALE} real s per modeled s ({DEFAULT_PARALLEL_TIME_SCALE} for the default --parallel pair). "
        f"The program polls from {POLL_MIN_MODELED:.0f} to {POLL_MAX_MODELED:.0f} modeled s: the resource caps "
        "its fast poll (10 s while distributing) at poll_max_seconds, so a scaled 60 s maximum would also poll "
        "every 60 modeled s while distributing; 30 s gives about the ~100 GetImage calls of the real defaults "
        "(benchmark 1).",
        "wall: the whole `pulumi up --yes --skip-preview` (engine, program, provider start); 'wall / 1 build': over "
        "the 1-build update of the same pair, measured in the same run.",
        "provider peak: VmHWM of the `python -m pulumi.dynamic` process working in the project's folder, sampled "
        "from /proc every 0.1 s until it exited; provider CPU: its user + system time.",
        "The engine runs at most --parallel resource operations at once, 4 per core by default: 100 builds then "
        "wait in waves of that many. `pulumi up --parallel N` (or PULUMI_PARALLEL) with N at least the number "
        "of builds lets them all wait at once.",
        f"`make test` runs `python -m bench.load --check` (the --parallel {PARALLEL} pair and the previews, about "
        f"70 s): it fails unless {BUILDS} builds take at most {MAX_WALL_RATIO} times the wall time of 1, the "
        f"provider process stays within {MAX_PROVIDER_MB:.0f} MB, and previewing the {BUILDS} makes no call to "
        "the service.",
    ] + [f"pulumi preview of {BUILDS} builds {name}: {shown} shown, {calls} service calls."
         for name, (shown, calls) in result.previews.items()]
    return table


def run() -> Table:
    """Benchmark 6, for ``make bench``."""
    return table(measure(quick=False))


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.load [--check]``: print the table; with --check, fail when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help=f"only the {BUILDS}-vs-1 pair and the previews; exit 1 when a target is missed")
    args = parser.parse_args(argv)
    result = measure(quick=args.check)
    print(table(result).markdown())
    missed = result.misses() if args.check else []
    for miss in missed:
        print(f"bench.load: target missed: {miss}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
