"""Benchmark 4: cost of ``ImageBuildProvider.check()`` and ``.diff()``, what every preview runs.

Pure Python, no service and no client: per-call time over ``CALLS`` calls after a warm-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from imagebuilder_local import (DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN,
                                          DEMO_REGION)
from imagebuild_resource.providers import ImageBuildProvider, Settings

from .common import Table, mean, percentile

CALLS = 2000
WARMUP_CALLS = 50
PROPS = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN,
         "tags": {"team": "platform", "env": "dev"}}


def cases(provider: ImageBuildProvider) -> dict[str, Callable[[], object]]:
    """The timed calls: check of new inputs, and diff with no change, a tag change, a recipe change."""
    checked = provider.check({}, PROPS).inputs
    retagged = {**checked, "tags": {"team": "platform", "env": "prod"}}
    new_recipe = {**checked, "imageRecipeArn": DEMO_FAILS_AT_TEST_RECIPE_ARN}
    return {
        "check()": lambda: provider.check({}, PROPS),
        "diff(), no change": lambda: provider.diff("id", checked, checked),
        "diff(), tags changed (update)": lambda: provider.diff("id", checked, retagged),
        "diff(), recipe changed (replace)": lambda: provider.diff("id", checked, new_recipe),
    }


def per_call_seconds(call: Callable[[], object]) -> list[float]:
    """Seconds of each of ``CALLS`` calls, after a warm-up."""
    for _ in range(WARMUP_CALLS):
        call()
    times = []
    for _ in range(CALLS):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return times


def run() -> Table:
    """Benchmark 4."""
    table = Table("4. Preview cost: ImageBuildProvider.check() and .diff()",
                  ["call", "calls", "mean (µs)", "p50 (µs)", "p99 (µs)"])
    provider = ImageBuildProvider(Settings(region=DEMO_REGION))
    for name, call in cases(provider).items():
        us = [t * 1e6 for t in per_call_seconds(call)]
        table.rows.append([name, len(us), mean(us), percentile(us, 50), percentile(us, 99)])
    table.notes.append(f"In-process, single thread, {WARMUP_CALLS} warm-up calls each; props carry two tags.")
    return table
