"""Time for the runtime: a clock, a cancel signal, and a sleeper that stops on either.

Every wait of the runtime (poll pacing, retry back-off, waiting for a cancel to take
effect) goes through a :class:`Sleeper`, so a deadline and a cancel signal end any of
them promptly and in the same way: by raising :class:`DeadlineReached` or
:class:`CancelRequested`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from .errors import WorkflowError
from .state import RunState


class CancelSignal(Protocol):
    """Anything with ``is_set()`` and ``wait(timeout)``, such as ``threading.Event``."""

    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


class Clock(Protocol):
    """Time source and sleeper; ``wait`` returns True if ``cancel`` was set while waiting."""

    def now(self) -> float: ...
    def wait(self, seconds: float, cancel: CancelSignal | None) -> bool: ...


class SystemClock:
    """Monotonic time; waits on the cancel signal (``cancel.wait``) so cancelling is prompt."""

    def now(self) -> float:
        return time.monotonic()

    def wait(self, seconds: float, cancel: CancelSignal | None) -> bool:
        if cancel is None:
            time.sleep(seconds)
            return False
        return bool(cancel.wait(seconds))


class Interrupted(WorkflowError):
    """A wait ended before its work did; ``state`` is the run's state when a runner was stopped."""

    def __init__(self, state: RunState | None = None) -> None:
        super().__init__(state)
        self.state = state


class DeadlineReached(Interrupted):
    def __str__(self) -> str:
        return "The workflow's deadline passed before it finished."


class CancelRequested(Interrupted):
    def __str__(self) -> str:
        return "The workflow was cancelled by request."


@dataclass(frozen=True)
class Sleeper:
    """Sleeps on ``clock`` until ``deadline_at`` (clock time) at the latest, unless ``cancel`` is set."""

    clock: Clock
    cancel: CancelSignal | None = None
    deadline_at: float | None = None

    def within(self, seconds: float, cancel: CancelSignal | None = None) -> Sleeper:
        """A sleeper with a budget of ``seconds`` from now (never past this one's deadline)."""
        deadline = self.clock.now() + seconds
        if self.deadline_at is not None:
            deadline = min(deadline, self.deadline_at)
        return Sleeper(self.clock, cancel, deadline)

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``; raise CancelRequested or DeadlineReached if either comes first (or already has)."""
        if self.cancel is not None and self.cancel.is_set():
            raise CancelRequested()
        remaining = None if self.deadline_at is None else self.deadline_at - self.clock.now()
        if remaining is not None and remaining <= 0:
            raise DeadlineReached()
        if seconds <= 0:
            return
        if self.clock.wait(seconds if remaining is None else min(seconds, remaining), self.cancel):
            raise CancelRequested()
        if remaining is not None and seconds >= remaining:
            raise DeadlineReached()
