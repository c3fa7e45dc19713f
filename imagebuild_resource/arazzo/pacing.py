"""Poll pacing: how long to wait before revisiting a polling step. Pure and clock-free.

The schedule is told the status each poll saw. In *fast* statuses (those one short step
from the end) it polls every ``fast`` seconds, jittered down to ``fast * (1 - jitter)``,
so an end reached from a fast status is noticed within ``fast`` seconds. In any other
status it backs off exponentially from ``minimum`` (times ``factor`` per consecutive slow
poll, jittered down) to ``maximum``; a failure or end reached directly from a slow status
is noticed within the current slow interval (at most ``maximum``). The back-off is not
reset by a move between slow statuses (progress there does not bring the end closer than
a slow interval), only by a fast status. Every delay is at least
``minimum * (1 - jitter) > 0``, so the loop never busy-polls.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PacingPolicy:
    """Bounds of the poll schedule, in seconds."""

    minimum: float = 5.0
    maximum: float = 60.0
    fast: float = 10.0
    factor: float = 2.0
    jitter: float = 0.3
    fast_statuses: Collection[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not 0 < self.minimum <= self.maximum:
            raise ValueError("pacing needs 0 < minimum <= maximum")
        if not 0 < self.fast:
            raise ValueError("pacing needs fast > 0")
        if self.factor < 1:
            raise ValueError("pacing needs factor >= 1")
        if not 0 <= self.jitter < 1:
            raise ValueError("pacing needs 0 <= jitter < 1")


def poll_delay(policy: PacingPolicy, status: str | None, slow_polls: int, unit: float) -> float:
    """The delay before the next poll.

    ``slow_polls`` counts consecutive polls in slow statuses before this one; ``unit`` is
    a random number in [0, 1) that places the delay within its jitter band.
    """
    if status in policy.fast_statuses:
        base = policy.fast
    else:
        base = min(policy.maximum, policy.minimum * policy.factor ** min(slow_polls, 64))
    return base * (1 - policy.jitter * unit)


class PollPacer:
    """Stateful wrapper around ``poll_delay``: remembers the slow-poll streak, draws jitter."""

    def __init__(self, policy: PacingPolicy, rng: random.Random | None = None) -> None:
        self.policy = policy
        self.rng = rng or random.Random()
        self.slow_polls = 0

    def next_delay(self, status: str | None) -> float:
        """Delay before the next poll, given the status the last poll saw."""
        delay = poll_delay(self.policy, status, self.slow_polls, self.rng.random())
        self.slow_polls = 0 if status in self.policy.fast_statuses else self.slow_polls + 1
        return delay


@dataclass(frozen=True)
class BackoffPolicy:
    """Jittered exponential back-off for transient call failures, in seconds."""

    base: float = 1.0
    maximum: float = 30.0
    max_attempts: int = 20
    first_contact_attempts: int = 2
    """Retries of connection failures before any call has been answered: a wrong endpoint
    or region should fail in seconds, not after the whole retry budget."""

    def __post_init__(self) -> None:
        if not 0 < self.base <= self.maximum:
            raise ValueError("back-off needs 0 < base <= maximum")
        if self.max_attempts < 0 or self.first_contact_attempts < 0:
            raise ValueError("back-off needs max_attempts >= 0 and first_contact_attempts >= 0")


def backoff_delay(policy: BackoffPolicy, attempt: int, unit: float) -> float:
    """Delay before retry number ``attempt`` (0-based): "equal jitter", in [d/2, d)."""
    ceiling = min(policy.maximum, policy.base * 2 ** min(attempt, 64))
    return ceiling / 2 + ceiling / 2 * unit
