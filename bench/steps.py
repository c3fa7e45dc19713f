"""Benchmark 5: what showing the workflow step costs: GetImage-only waits vs waits that also read steps.

For each build duration and seed, two builds wait on the same poll schedule (same
``random_seed``) in the same run: one without ``on_step`` (GetImage only, as before
steps were shown) and one with it. Each build gets its own in-process service (so its
counters are its own) at the same time scale as benchmark 1; the ratio is the second
build's calls (GetImage and step reads) over the first build's GetImage calls.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from imagebuilder_local import (DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN,
                                          DEMO_INFRASTRUCTURE_ARN, ImageBuilderService)
from imagebuild_resource.imagebuilder import Quiet, WaitOptions
from imagebuild_resource.imagebuilder.steps import WorkflowStep

from .common import ScaledClock, Table, build, mean

TIME_SCALE = 0.004  # as benchmark 1: a 90-minute build takes 21.6 s
BUILDS = ((45.0, DEMO_IMAGE_RECIPE_ARN, "AVAILABLE"), (90.0, DEMO_IMAGE_RECIPE_ARN, "AVAILABLE"),
          (45.0, DEMO_FAILS_AT_TEST_RECIPE_ARN, "FAILED at TESTING"))
SEEDS = range(3)
STEP_OPERATIONS = ("ListWorkflowExecutions", "ListWorkflowStepExecutions", "GetWorkflowStepExecution")


@dataclass(frozen=True)
class StepRun:
    """One build waited for: its GetImage and step-reading calls, and the steps it showed."""

    minutes: float
    outcome: str
    with_steps: bool
    get_image: int
    step_calls: int
    steps_shown: int
    named_failed_step: bool


class _Steps(Quiet):
    """Keeps every workflow step read."""

    def __init__(self, shown: list[WorkflowStep]) -> None:
        self.shown = shown

    def step(self, step: WorkflowStep) -> None:
        self.shown.append(step)


def wait_once(minutes: float, recipe: str, outcome: str, seed: int, with_steps: bool) -> StepRun:
    """Build once against a fresh service, reading steps or not, and count its calls."""
    shown: list[WorkflowStep] = []
    inputs = {"imageRecipeArn": recipe, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
    with ImageBuilderService(time_scale=TIME_SCALE, build_minutes=minutes) as service:
        result = build(service.client(), inputs, WaitOptions(random_seed=seed), ScaledClock(TIME_SCALE),
                       _Steps(shown), read_steps=with_steps)
        counters = service.admin.counters()
    step_calls = sum(counters.get(op, {}).get("calls", 0) for op in STEP_OPERATIONS)
    failed = result.step is not None and result.step.status == "FAILED"
    return StepRun(minutes, outcome, with_steps, counters["GetImage"]["calls"], step_calls, len(shown), failed)


def run() -> Table:
    """Benchmark 5: per kind of build, every seed with and without step reading at once."""
    table = Table("5. Showing the workflow step: extra calls",
                  ["build", "outcome", "pairs", "GetImage only", "with steps: GetImage", "with steps: step calls",
                   "steps shown", "step calls / own GetImage, worst", "ratio mean", "ratio worst",
                   "failed step read"])
    for minutes, recipe, outcome in BUILDS:
        jobs = [(minutes, recipe, outcome, seed, with_steps) for seed in SEEDS for with_steps in (False, True)]
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            runs = list(pool.map(lambda job: wait_once(*job), jobs))
        plain, read = runs[0::2], runs[1::2]
        ratios = [(r.get_image + r.step_calls) / p.get_image for p, r in zip(plain, read)]
        named = f"{sum(r.named_failed_step for r in read)}/{len(read)}" if outcome.startswith("FAILED") else "-"
        table.rows.append([f"{minutes:.0f} min", outcome, len(read), mean([p.get_image for p in plain]),
                           mean([r.get_image for r in read]), mean([r.step_calls for r in read]),
                           mean([r.steps_shown for r in read]),
                           f"{max(r.step_calls / r.get_image for r in read):.3f}",
                           f"{mean(ratios):.3f}", f"{max(ratios):.3f}", named])
    table.notes += [
        "Ratio: (GetImage + step calls of the build that reads steps) / GetImage calls of the build that does not, "
        "same duration, same poll seed, same run. The budget (imagebuild_resource/imagebuilder/steps.py) caps each "
        "build's step calls at 10 % of its own GetImage calls; between the two builds of a pair, call latency can "
        "move the GetImage count by a call or two either way.",
        f"Service time scale {TIME_SCALE} real s per modeled s, default WaitOptions; the {len(SEEDS) * 2} builds of "
        "a row run at once, each with its own service in this process.",
        "'steps shown': steps read and passed to on_step (each read shows the step running at that moment); "
        "'failed step read': the FAILED build's step read through GetWorkflowStepExecution.",
    ]
    return table
