"""How long and how often to wait for Image Builder: the one owner of every wait's limits."""

from __future__ import annotations

from dataclasses import dataclass

from ..arazzo.pacing import BackoffPolicy, PacingPolicy


POLL_FAST = frozenset({"DISTRIBUTING", "INTEGRATING"})
"""Statuses one short step from the end, polled fast so that an end is noticed quickly."""


@dataclass(frozen=True)
class WaitOptions:
    """Limits of every wait, in seconds.

    Defaults: poll 5 s -> 60 s while building, every 7-10 s while distributing or
    integrating; give up after 4 h and cancel the build; wait at most 10 min for a cancel
    and 30 min for a lifecycle execution to take effect. Transient failures (throttling,
    5xx, connection errors) are retried with jittered back-off from 1 s to 30 s, at most
    ``max_transient_retries`` times per call; this is the only retry layer (botocore's own
    retries are off, see :mod:`imagebuild_resource.aws`). With the defaults a call that keeps
    failing costs 21 attempts and at most about 8 minutes (1+2+4+8+16+15x30 s of back-off
    ceilings, "equal jitter" waits between half and all of each). A GetImage that answers
    ResourceNotFoundException within ``not_found_grace_seconds`` of CreateImage counts as
    such a transient failure.
    """

    deadline_seconds: float = 4 * 3600
    min_poll_seconds: float = 5.0
    max_poll_seconds: float = 60.0
    fast_poll_seconds: float = 10.0
    poll_backoff_factor: float = 2.0
    poll_jitter: float = 0.3
    cancel_on_deadline: bool = True
    cancel_wait_seconds: float = 600.0
    lifecycle_wait_seconds: float = 1800.0
    retry_base_seconds: float = 1.0
    retry_max_seconds: float = 30.0
    max_transient_retries: int = 20
    not_found_grace_seconds: float = 120.0
    random_seed: int | None = None

    def __post_init__(self) -> None:
        if (self.deadline_seconds <= 0 or self.cancel_wait_seconds < 0 or self.lifecycle_wait_seconds < 0
                or self.not_found_grace_seconds < 0):
            raise ValueError("deadline_seconds must be > 0; cancel_wait_seconds, lifecycle_wait_seconds and "
                             "not_found_grace_seconds >= 0")
        self.pacing()
        self.backoff()

    @classmethod
    def capped(cls, *, max_poll_seconds: float, min_poll_seconds: float | None = None,
               deadline_seconds: float | None = None, cancel_on_deadline: bool = True) -> WaitOptions:
        """Options whose shorter intervals (first and fast polls) never exceed ``max_poll_seconds``."""
        default = cls()
        low = default.min_poll_seconds if min_poll_seconds is None else min_poll_seconds
        return cls(deadline_seconds=default.deadline_seconds if deadline_seconds is None else deadline_seconds,
                   min_poll_seconds=min(low, max_poll_seconds),
                   max_poll_seconds=max_poll_seconds,
                   fast_poll_seconds=min(default.fast_poll_seconds, max_poll_seconds),
                   cancel_on_deadline=cancel_on_deadline)

    def pacing(self) -> PacingPolicy:
        """The build's poll schedule: backing off while it builds, fast when one step from the end."""
        return PacingPolicy(self.min_poll_seconds, self.max_poll_seconds, self.fast_poll_seconds,
                            self.poll_backoff_factor, self.poll_jitter, POLL_FAST)

    def fast_pacing(self) -> PacingPolicy:
        """A steady fast poll, for a state change that is moments away (a cancel taking effect)."""
        fast = self.fast_poll_seconds
        return PacingPolicy(fast, fast, fast, 1.0, self.poll_jitter)

    def backoff(self) -> BackoffPolicy:
        """The one retry budget for transient call failures."""
        return BackoffPolicy(self.retry_base_seconds, self.retry_max_seconds, self.max_transient_retries)
