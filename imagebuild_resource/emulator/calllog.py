"""A bounded log of API calls and per-operation counters."""

from __future__ import annotations

import collections
import threading
import time
from typing import Any


class CallLog:
    """Records each API call (operation, status, error code, injected fault)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._entries: collections.deque[dict[str, Any]] = collections.deque(maxlen=limit)
        self._counters: dict[str, dict[str, Any]] = {}
        self._seq = 0

    def record(self, operation: str, method: str, path: str, status: int | None,
               error: str | None = None, fault: str | None = None) -> None:
        """Add one call; ``status`` None means the connection was dropped."""
        with self._lock:
            self._seq += 1
            self._entries.append({"seq": self._seq, "time": time.time(), "operation": operation, "method": method,
                                  "path": path, "status": status, "error": error, "fault": fault})
            counter = self._counters.setdefault(operation, {"calls": 0, "errors": 0, "faults": 0, "byCode": {}})
            counter["calls"] += 1
            if error:
                counter["errors"] += 1
                counter["byCode"][error] = counter["byCode"].get(error, 0) + 1
            if fault:
                counter["faults"] += 1

    def entries(self, operation: str | None = None) -> list[dict[str, Any]]:
        """Logged calls, oldest first, optionally for one operation."""
        with self._lock:
            return [dict(e) for e in self._entries if operation in (None, e["operation"])]

    def counters(self) -> dict[str, dict[str, Any]]:
        """Per operation: calls, errors, faults and errors by code."""
        with self._lock:
            return {op: {**c, "byCode": dict(c["byCode"])} for op, c in self._counters.items()}

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self._entries.clear()
            self._counters.clear()
