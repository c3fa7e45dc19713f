"""The --parallel warning: its figures, once per program run, from the engine's parallelism."""

from __future__ import annotations

import asyncio

import pytest
from pulumi.runtime import settings

from imagebuild_resource import waves
from imagebuild_resource.engine import runtime


@pytest.mark.parametrize("builds, parallel, expected", [
    (12, 8, "12 image builds but --parallel 8: they will build in 2 waves; run pulumi up --parallel 12"),
    (3, 2, "3 image builds but --parallel 2: they will build in 2 waves; run pulumi up --parallel 3"),
    (17, 8, "17 image builds but --parallel 8: they will build in 3 waves; run pulumi up --parallel 17"),
    (8, 8, None),
    (1, 1, None),
    (100, None, None),  # parallelism not known: nothing said
])
def test_the_warning_names_the_builds_the_parallelism_the_waves_and_the_figure_to_use(builds, parallel, expected):
    assert waves.waves_warning(builds, parallel) == expected


def _program(builds: int, monkeypatch, parallel: int | None) -> list[str]:
    """Run a program body that registers ``builds`` builds in an event loop; the warnings it logged."""
    said: list[str] = []
    monkeypatch.setattr(waves.pulumi.log, "warn", said.append)
    monkeypatch.setattr(waves, "engine_parallelism", lambda: parallel)

    async def main() -> None:
        for _ in range(builds):
            waves.count_build()
        await asyncio.sleep(0)  # the turn after the program's body
        await asyncio.sleep(0)

    asyncio.run(main())
    return said


def test_a_program_with_more_builds_than_the_parallelism_is_warned_once_with_its_final_count(monkeypatch):
    assert _program(3, monkeypatch, 2) == [waves.waves_warning(3, 2)]


def test_a_program_within_the_parallelism_is_not_warned(monkeypatch):
    assert _program(2, monkeypatch, 2) == []


def test_each_run_counts_its_own_builds(monkeypatch):
    assert _program(3, monkeypatch, 2) == [waves.waves_warning(3, 2)]
    assert _program(2, monkeypatch, 2) == []


def test_outside_a_program_nothing_is_counted(monkeypatch):
    monkeypatch.setattr(waves.pulumi.log, "warn", lambda message: pytest.fail(message))
    waves.count_build()


def test_guard_the_runtime_settings_keep_the_engines_parallelism_as_parallel():
    """The internal ``pulumi.runtime.settings.SETTINGS.parallel`` (engine.runtime): the language host's --parallel."""
    before = settings.SETTINGS.parallel
    try:
        settings.SETTINGS.parallel = 7
        assert runtime.engine_parallelism() == 7, "pulumi.runtime.settings.SETTINGS.parallel no longer holds it"
        settings.SETTINGS.parallel = None
        assert runtime.engine_parallelism() is None
    finally:
        settings.SETTINGS.parallel = before


def test_without_the_runtime_settings_the_parallelism_is_not_known(monkeypatch):
    monkeypatch.delattr(settings, "SETTINGS")
    assert runtime.engine_parallelism() is None
