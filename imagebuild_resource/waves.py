"""The ``--parallel`` warning: a program that registers more builds than the engine runs at once is told so, once.

The engine runs at most ``--parallel`` resource operations at once, and a build's create
lasts as long as the build: with more builds than that, the rest wait for the first ones to
finish, in waves. Each build resource's constructor calls :func:`count_build`; once the
program's body has run (the event loop's next turn), the stack's row gets one warning with
the figure to use. Builds registered later (inside an ``apply``) are not counted.
"""

from __future__ import annotations

import asyncio
import math
import threading
import weakref

import pulumi

from .engine.runtime import engine_parallelism

_COUNTS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[int]]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def count_build() -> None:
    """Count one build registered by this deployment's program (one per event loop: one per deployment)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not inside a Pulumi program run
        return
    with _LOCK:
        count = _COUNTS.setdefault(loop, [0])
        count[0] += 1
        first = count[0] == 1
    if first:
        loop.call_soon(_warn_if_in_waves, count)


def waves_warning(builds: int, parallel: int | None) -> str | None:
    """The warning for ``builds`` builds under ``--parallel parallel``, or None when they all run at once."""
    if parallel is None or builds <= parallel:
        return None
    return (f"{builds} image builds but --parallel {parallel}: they will build in {math.ceil(builds / parallel)} "
            f"waves; run pulumi up --parallel {builds}")


def _warn_if_in_waves(count: list[int]) -> None:
    message = waves_warning(count[0], engine_parallelism())
    if message is not None:
        pulumi.log.warn(message)
