"""Fault injection per operation: errors, connection resets and delays, by count or seeded rate.

An error kind is an error code: every error shape of botocore's imagebuilder model (with the
model's HTTP status: ``CallRateLimitExceededException`` 429, ``ForbiddenException`` and
``AccessDeniedException`` 403, ``ServiceException`` 500, ...) and the codes AWS answers that the
model does not declare (``ThrottlingException``, ``UnrecognizedClientException``,
``ExpiredTokenException``, ...; see :data:`.errors.GENERIC_STATUS`). Two more kinds act on the
connection: ``reset`` drops it without a response, ``delay`` holds the response back.

A rule is one kind hit with a probability (``rate``), or a mix: several kinds, each with its
own probability, decided by one seeded draw per call, so a 15 % / 15 % split is exact.
"""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any

from .errors import GENERIC_STATUS, model_error_statuses, status_for

RESET, DELAY = "reset", "delay"

# Messages of the kinds a client most often meets (our wording where AWS's is not documented).
_MESSAGES = {
    "CallRateLimitExceededException": "You have exceeded the permitted request rate for this operation.",
    "ThrottlingException": "Rate exceeded",
    "ServiceException": "An internal error occurred. Try again later.",
    "ServiceUnavailableException": "The service is unavailable. Try again later.",
    "AccessDeniedException": "User is not authorized to perform this action.",
    "ForbiddenException": "You are not authorized to perform this operation.",
    "ExpiredTokenException": "The security token included in the request is expired",
    "UnrecognizedClientException": "The security token included in the request is invalid.",
    RESET: "the connection is closed without a response",
    DELAY: "the response is delayed",
}


def _fault_kinds() -> dict[str, str]:
    codes = [*model_error_statuses(), *GENERIC_STATUS]
    kinds = {code: _MESSAGES.get(code, f"{code} (injected by the local service).") for code in codes}
    return {**kinds, RESET: _MESSAGES[RESET], DELAY: _MESSAGES[DELAY]}


FAULT_KINDS: dict[str, str] = _fault_kinds()
"""Every fault kind with its default message."""


def describe_kinds() -> dict[str, dict[str, Any]]:
    """Each kind with its HTTP status (None for ``reset`` and ``delay``) and default message."""
    return {kind: {"status": None if kind in (RESET, DELAY) else status_for(kind), "message": message}
            for kind, message in FAULT_KINDS.items()}


@dataclass
class FaultRule:
    """One injected fault: ``choices`` are kinds with their probability per call.

    ``count`` is how many more times it may hit (None: unlimited).
    """

    id: int
    operation: str
    choices: tuple[tuple[str, float], ...]
    count: int | None
    seed: int | None
    delay: float
    message: str | None
    hits: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def pick(self) -> str | None:
        """One seeded draw: the kind that hits this call, or None."""
        draw, edge = self.rng.random(), 0.0
        for kind, probability in self.choices:
            edge += probability
            if draw < edge:
                return kind
        return None

    def message_for(self, kind: str) -> str:
        """The message sent for ``kind``."""
        return self.message or FAULT_KINDS[kind]

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the admin endpoint."""
        single = len(self.choices) == 1
        return {"id": self.id, "operation": self.operation, "kind": self.choices[0][0] if single else "mix",
                "kinds": dict(self.choices), "rate": sum(p for _, p in self.choices), "count": self.count,
                "seed": self.seed, "delay": self.delay, "message": self.message or
                (FAULT_KINDS[self.choices[0][0]] if single else None), "hits": self.hits,
                "hitsByKind": dict(self.by_kind)}


@dataclass(frozen=True)
class Draw:
    """What the fault rules decided for one call."""

    delay: float = 0.0
    kind: str | None = None
    message: str = ""


def _probability(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{what} must be a number between 0 and 1")
    return float(value)


class FaultInjector:
    """Holds fault rules and decides, per call, which apply."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, operation: str, kind: str | None = None, *, count: int | None = None, rate: float | None = None,
            seed: int | None = None, delay: float = 0.0, message: str | None = None,
            kinds: dict[str, float] | None = None) -> dict[str, Any]:
        """Inject ``kind`` into ``operation`` (``"*"``: every operation); returns the rule.

        With neither ``count`` nor ``rate`` the fault hits the next call only; with ``rate`` it
        hits each call with that probability (seeded, so runs repeat), at most ``count`` times
        if given. ``kinds`` instead of ``kind`` and ``rate``: a mix, ``{kind: probability}``.
        """
        if not isinstance(operation, str) or not operation:
            raise ValueError("operation must be an operation name or '*'")
        choices: tuple[tuple[str, float], ...]
        if kind is None and kinds is not None:
            if rate is not None or not isinstance(kinds, dict) or not kinds:
                raise ValueError("'kinds' must be a non-empty object {kind: probability} and comes without 'rate'")
            choices = tuple((k, _probability(p, f"the probability of {k}")) for k, p in kinds.items())
            if sum(p for _, p in choices) > 1.0 + 1e-9:
                raise ValueError("the probabilities of 'kinds' must add up to at most 1")
        elif kind is not None and kinds is None:
            choices = ((kind, 1.0 if rate is None else _probability(rate, "rate")),)
        else:
            raise ValueError("give either 'kind' or 'kinds'")
        for name, _ in choices:
            if not isinstance(name, str) or name not in FAULT_KINDS:
                raise ValueError(f"kind must be one of {sorted(FAULT_KINDS)}, not {name!r}")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            raise ValueError("count must be a positive integer")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError("seed must be an integer")
        if message is not None and not isinstance(message, str):
            raise ValueError("message must be a string")
        has_delay = any(name == DELAY for name, _ in choices)
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0 or (has_delay and delay <= 0):
            raise ValueError("delay must be a positive number of seconds for kind 'delay'")
        if rate is None and count is None and kinds is None:
            count = 1
        rule = FaultRule(next(self._ids), operation, choices, count, seed, float(delay), message)
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

    def draw(self, operation: str) -> Draw:
        """For one call: seconds to delay, and the error or ``reset`` that hits (if any).

        Every matching rule draws on each call, so a rule's seeded pattern does not depend on
        the others; delays add up, and the first error or reset drawn wins.
        """
        delay, kind, message = 0.0, None, ""
        with self._lock:
            for rule in list(self._rules):
                if rule.operation not in ("*", operation):
                    continue
                picked = rule.pick()
                if picked is None or (picked != DELAY and kind is not None):
                    continue
                rule.hits += 1
                rule.by_kind[picked] = rule.by_kind.get(picked, 0) + 1
                if rule.count is not None:
                    rule.count -= 1
                    if rule.count == 0:
                        self._rules.remove(rule)
                if picked == DELAY:
                    delay += rule.delay
                else:
                    kind, message = picked, rule.message_for(picked)
        return Draw(delay, kind, message)
