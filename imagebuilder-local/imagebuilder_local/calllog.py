"""A bounded log of API calls and per-operation counters."""

from __future__ import annotations

import collections
import threading
import time
from typing import Any


def _counter() -> dict[str, Any]:
    return {"calls": 0, "errors": 0, "faults": 0, "authFailures": 0, "byCode": {}, "faultsByKind": {}}


class CallLog:
    """Records each API call (operation, status, error code, injected fault, refused credentials)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._entries: collections.deque[dict[str, Any]] = collections.deque(maxlen=limit)
        self._counters: dict[str, dict[str, Any]] = {}
        self._seq = 0

    def record(self, operation: str, method: str, path: str, status: int | None, error: str | None = None,
               fault: str | None = None, *, delayed: float = 0.0, auth_failure: bool = False) -> None:
        """Add one call; ``status`` None means the connection was dropped.

        ``fault`` is the injected fault kind that answered (an error code, ``reset``,
        ``notFoundAfterCreate``), ``delayed`` the seconds an injected delay held the response
        back, ``auth_failure`` true when the request's credentials or signature were refused.
        """
        with self._lock:
            self._seq += 1
            self._entries.append({"seq": self._seq, "time": time.time(), "operation": operation, "method": method,
                                  "path": path, "status": status, "error": error,
                                  "fault": fault or ("delay" if delayed else None), "delayed": delayed,
                                  "authFailure": auth_failure})
            counter = self._counters.setdefault(operation, _counter())
            counter["calls"] += 1
            if error:
                counter["errors"] += 1
                counter["byCode"][error] = counter["byCode"].get(error, 0) + 1
            kinds = [k for k in (fault, "delay" if delayed else None) if k]
            if kinds:
                counter["faults"] += 1
            for kind in kinds:
                counter["faultsByKind"][kind] = counter["faultsByKind"].get(kind, 0) + 1
            if auth_failure:
                counter["authFailures"] += 1

    def entries(self, operation: str | None = None) -> list[dict[str, Any]]:
        """Logged calls, oldest first, optionally for one operation."""
        with self._lock:
            return [dict(e) for e in self._entries if operation in (None, e["operation"])]

    def counters(self) -> dict[str, dict[str, Any]]:
        """Per operation: calls, errors, faults, auth failures, errors by code and faults by kind.

        ``faults`` counts calls that met at least one injected fault; ``faultsByKind`` counts each
        kind, so a call both delayed and answered with an error counts under both.
        """
        with self._lock:
            return {op: {**c, "byCode": dict(c["byCode"]), "faultsByKind": dict(c["faultsByKind"])}
                    for op, c in self._counters.items()}

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self._entries.clear()
            self._counters.clear()
