"""One conversation with Image Builder: the client, the wait limits, a clock and a cancel signal.

Every call goes through :meth:`Session.call`, so every call of the package (the seed's
steps, a cancel, a delete, a tag change) has the same retry policy, and every client
token is made in one place.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..arazzo.state import Response
from ..arazzo.retry import Retrier
from ..arazzo.timing import CancelSignal, Clock, Sleeper, SystemClock
from .calls import ImageBuilderCalls
from .options import WaitOptions


def client_token() -> str:
    """A fresh idempotency token: one per logical request, reused by that request's retries."""
    return str(uuid.uuid4())


@dataclass
class Session:
    """``client`` is a boto3 ``imagebuilder`` client; ``cancel`` ends waits that should listen to it.

    ``renew_client`` makes a new client when AWS rejects the credentials (see :mod:`calls`).
    """

    client: Any
    options: WaitOptions = field(default_factory=WaitOptions)
    cancel: CancelSignal | None = None
    clock: Clock = field(default_factory=SystemClock)
    renew_client: Callable[[], Any] | None = None

    def __post_init__(self) -> None:
        self.rng = random.Random(self.options.random_seed)
        self.binding = ImageBuilderCalls(self.client, self.clock,
                                         not_found_grace_seconds=self.options.not_found_grace_seconds,
                                         renew_client=self.renew_client)
        self.retrier = Retrier(self.binding, self.options.backoff(), self.rng)

    def sleeper(self, budget_seconds: float | None = None, *, listen: bool = True) -> Sleeper:
        """A sleeper that stops after ``budget_seconds`` and, if ``listen``, on the cancel signal."""
        cancel = self.cancel if listen else None
        if budget_seconds is None:
            return Sleeper(self.clock, cancel)
        return Sleeper(self.clock).within(budget_seconds, cancel)

    def call(self, operation: str, sleeper: Sleeper | None = None, **params: Any) -> Response:
        """Call ``operation`` with retries; an AWS error comes back as a Response with ``error_code`` set.

        Raises ``TransientCallError`` when the retry budget is spent, and the sleeper's
        ``CancelRequested`` / ``DeadlineReached`` when a back-off is cut short.
        """
        return self.retrier(operation, params, sleeper or self.sleeper())
