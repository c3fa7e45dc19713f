"""The runtime's one retry policy: transient call failures are retried with jittered back-off.

Every call the runtime makes, whether a workflow step or a single call of a domain layer,
goes through a :class:`Retrier`. Only ``TransientCallError`` is retried (throttling, 5xx,
connection trouble: the binding decides); every call in the seed is idempotent, and so
must be every operation retried this way. Before any call has been answered the budget
is ``first_contact_attempts``, so a wrong endpoint fails in seconds, not after the whole
budget; afterwards it is ``max_attempts`` retries per call.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from .errors import TransientCallError
from .state import Response
from .pacing import BackoffPolicy, backoff_delay
from .timing import Sleeper

Operation = Callable[[str, Mapping[str, Any]], Response]


class Retrier:
    """Calls ``call(operation_id, arguments)``; re-raises the last TransientCallError when the budget is spent."""

    def __init__(self, call: Operation, backoff: BackoffPolicy, rng: random.Random) -> None:
        self.call, self.backoff, self.rng = call, backoff, rng
        self.reached_service = False  # until a call gets any answer, the endpoint itself is in doubt
        self.retries = 0

    def __call__(self, operation_id: str, arguments: Mapping[str, Any], sleeper: Sleeper) -> Response:
        attempt = 0
        while True:
            sleeper.sleep(0)
            try:
                response = self.call(operation_id, arguments)
                self.reached_service = True
                return response
            except TransientCallError as exc:
                self.reached_service = self.reached_service or exc.status is not None
                limit = self.backoff.max_attempts if self.reached_service else self.backoff.first_contact_attempts
                if attempt >= limit:
                    raise
                sleeper.sleep(backoff_delay(self.backoff, attempt, self.rng.random()))
                attempt += 1
                self.retries += 1
