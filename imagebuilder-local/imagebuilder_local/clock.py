"""Modeled time: a virtual clock running ``1 / time_scale`` times faster than the real one, and the
model's form of a moment."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable

TimeSource = Callable[[], float]
"""A source of real time in seconds since the epoch (``time.time`` or a test's fake)."""


def iso_time(epoch: float) -> str:
    """``2024-01-01T00:00:00.000Z``: the form of the model's ``DateTime`` strings."""
    moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class VirtualClock:
    """Modeled seconds since the epoch; ``time_scale`` is real seconds per modeled second.

    Changing the scale keeps the modeled time continuous, so builds in progress
    go on from where they are.
    """

    def __init__(self, real: TimeSource = time.time, time_scale: float = 1.0) -> None:
        if time_scale <= 0:
            raise ValueError("time_scale must be positive")
        self.real = real
        self._lock = threading.Lock()
        self._scale = time_scale
        self._real_anchor = real()
        self._virtual_anchor = self._real_anchor

    @property
    def time_scale(self) -> float:
        """Real seconds per modeled second."""
        return self._scale

    def now(self) -> float:
        """The modeled time now."""
        with self._lock:
            return self._virtual_anchor + (self.real() - self._real_anchor) / self._scale

    def set_time_scale(self, time_scale: float) -> None:
        """Change the speed from now on."""
        if time_scale <= 0:
            raise ValueError("time_scale must be positive")
        now = self.now()
        with self._lock:
            self._virtual_anchor, self._real_anchor, self._scale = now, self.real(), time_scale

    def modeled_after(self, real_seconds: float) -> float:
        """The modeled time ``real_seconds`` of real time from now."""
        return self.now() + real_seconds / self._scale

    def real_at(self, modeled: float) -> float:
        """The real time at which the modeled time will be (or was) ``modeled``."""
        return self.real() + (modeled - self.now()) * self._scale

    def snapshot(self) -> dict[str, float]:
        """What :meth:`restore` needs to continue this clock after a restart."""
        return {"virtual": self.now(), "real": self.real()}

    def restore(self, snap: dict[str, float]) -> None:
        """Continue from a :meth:`snapshot`, counting the real time passed since at this scale."""
        with self._lock:
            self._real_anchor = self.real()
            self._virtual_anchor = snap["virtual"] + max(0.0, self._real_anchor - snap["real"]) / self._scale
