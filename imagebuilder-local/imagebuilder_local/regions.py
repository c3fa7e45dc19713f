"""The service's regions: one backend per signing region, on one modeled clock and one state file.

Image Builder is a regional service: a build, a recipe or a pipeline exists in the region its
ARN names, and a request reaches the region its SigV4 credential scope names. So each signing
region has a backend of its own (its catalog with ARNs in that region, its builds, tags and
tokens); a region the service does not serve yet gets one at its first request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from typing import Any

from .clock import VirtualClock
from .models import Backend
from .persistence import StateFile


class Regions:
    """The backend of each region served, created at first use, all saved together to ``state_file``.

    ``default`` is the region of requests that name none (no SigV4) and of the admin API
    unless it names one; ``served`` are the regions created at start. ``options`` are the
    other arguments of every :class:`Backend`.
    """

    def __init__(self, default: str, served: Iterable[str], clock: VirtualClock, options: dict[str, Any],
                 state_file: str | None = None) -> None:
        self.default, self.clock, self._options = default, clock, options
        self._file = StateFile(state_file) if state_file else None
        self._lock = threading.RLock()
        self._texts: dict[str, str] = {}
        self._backends: dict[str, Backend] = {}
        loaded = self._file.load(default) if self._file else None
        saved, saved_clock = loaded if loaded is not None else ({}, None)
        for region in dict.fromkeys((default, *served, *saved)):
            self._add(region, saved.get(region))
        if saved_clock is not None:
            clock.restore(saved_clock)

    def backend(self, region: str | None = None) -> Backend:
        """The backend of ``region`` (the default one for None), created if the service had none yet."""
        region = region or self.default
        with self._lock:
            found = self._backends.get(region)
            return found if found is not None else self._add(region, None)

    def all(self) -> list[Backend]:
        """Every region's backend, the default one first."""
        with self._lock:
            return list(self._backends.values())

    def names(self) -> list[str]:
        """The regions that have a backend, the default one first."""
        with self._lock:
            return list(self._backends)

    def close(self) -> None:
        """Stop saving every region (the service is going away)."""
        for backend in self.all():
            backend.close()

    def _add(self, region: str, saved: dict[str, Any] | None) -> Backend:
        backend = Backend(region=region, clock=self.clock, saved=saved,
                          save=lambda doc: self._save(region, doc), **self._options)
        with self._lock:
            self._backends[region] = backend
            if saved is not None:
                self._texts[region] = json.dumps(saved)
        return backend

    def _save(self, region: str, doc: dict[str, Any]) -> None:
        """Keep ``region``'s new state and write every region's (called under that backend's lock; the text is
        made there, so that no other backend's live state is read)."""
        if self._file is None:
            return
        text = json.dumps(doc)
        with self._lock:
            self._texts[region] = text
            self._file.save(self._texts, self.clock.snapshot())
