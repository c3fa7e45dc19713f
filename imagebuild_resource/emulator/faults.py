"""Fault injection per operation: errors, connection resets and delays, by count or seeded rate."""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any

# Fault kind -> default message. Error kinds are returned as that error code.
FAULT_KINDS: dict[str, str] = {
    "CallRateLimitExceededException": "You have exceeded the permitted request rate for this operation.",
    "ThrottlingException": "Rate exceeded",
    "ServiceException": "An internal error occurred. Try again later.",
    "ServiceUnavailableException": "The service is unavailable. Try again later.",
    "reset": "the connection is closed without a response",
    "delay": "the response is delayed",
}


@dataclass
class FaultRule:
    """One injected fault; ``count`` left (None: unlimited), hit with probability ``rate``."""

    id: int
    operation: str
    kind: str
    count: int | None
    rate: float
    seed: int | None
    delay: float
    message: str
    hits: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the admin endpoint."""
        return {"id": self.id, "operation": self.operation, "kind": self.kind, "count": self.count,
                "rate": self.rate, "seed": self.seed, "delay": self.delay, "message": self.message, "hits": self.hits}


class FaultInjector:
    """Holds fault rules and decides, per call, which apply."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, operation: str, kind: str, *, count: int | None = None, rate: float | None = None,
            seed: int | None = None, delay: float = 0.0, message: str | None = None) -> dict[str, Any]:
        """Inject ``kind`` into ``operation`` (``"*"``: every operation).

        With neither ``count`` nor ``rate`` the fault hits the next call only;
        with ``rate`` it hits each call with that probability (seeded, so runs
        repeat), at most ``count`` times if given.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {sorted(FAULT_KINDS)}")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            raise ValueError("count must be a positive integer")
        if rate is not None and not (isinstance(rate, (int, float)) and 0.0 <= rate <= 1.0):
            raise ValueError("rate must be between 0 and 1")
        if not isinstance(delay, (int, float)) or delay < 0 or (kind == "delay" and delay <= 0):
            raise ValueError("delay must be a positive number of seconds for kind 'delay'")
        if rate is None and count is None:
            count = 1
        rule = FaultRule(next(self._ids), operation, kind, count, 1.0 if rate is None else float(rate),
                         seed, float(delay), message or FAULT_KINDS[kind])
        rule.rng.seed(seed)
        with self._lock:
            self._rules.append(rule)
        return rule.to_dict()

    def clear(self, operation: str | None = None) -> None:
        """Remove every rule, or those for ``operation``."""
        with self._lock:
            self._rules = [r for r in self._rules if operation is not None and r.operation != operation]

    def rules(self) -> list[dict[str, Any]]:
        """The rules in force."""
        with self._lock:
            return [r.to_dict() for r in self._rules]

    def draw(self, operation: str) -> tuple[float, FaultRule | None]:
        """For one call: seconds to delay, and the error/reset rule that hits (if any)."""
        delay, hit = 0.0, None
        with self._lock:
            for rule in list(self._rules):
                if rule.operation not in ("*", operation):
                    continue
                if rule.kind != "delay" and hit is not None:
                    continue
                if rule.rng.random() >= rule.rate:
                    continue
                rule.hits += 1
                if rule.count is not None:
                    rule.count -= 1
                    if rule.count == 0:
                        self._rules.remove(rule)
                if rule.kind == "delay":
                    delay += rule.delay
                else:
                    hit = rule
        return delay, hit
