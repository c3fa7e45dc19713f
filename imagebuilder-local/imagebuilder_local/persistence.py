"""The state file: the service's state as one JSON document, replaced atomically on each change.

Version 3 keeps each region's state under ``regions`` (one per signing region) beside the one
modeled clock; version 2, the previous release's, held one region's state at the top level and
is read as the state of the service's default region.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from typing import Any

FORMAT_VERSION = 3
"""The version of the document this service writes."""
SINGLE_REGION_VERSION = 2
"""The previous version, still read: one region's state at the top level."""


class StateFile:
    """A JSON state document at ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def load(self, default_region: str) -> tuple[dict[str, dict[str, Any]], dict[str, float] | None] | None:
        """Each region's saved state and the saved clock, or None if there is none yet; a version 2 document is
        ``default_region``'s state. Raises ValueError for another format."""
        if not os.path.exists(self.path):
            return None
        with open(self.path, encoding="utf-8") as fh:
            doc = json.load(fh)
        found = doc.get("version") if isinstance(doc, dict) else None
        if found == SINGLE_REGION_VERSION:
            region_doc = {k: v for k, v in doc.items() if k != "version"}
            return {default_region: region_doc}, region_doc.get("clock")
        if found != FORMAT_VERSION or not isinstance(doc.get("regions"), dict):
            raise ValueError(f"state file {self.path} has format version {found}; "
                             f"this service reads versions {SINGLE_REGION_VERSION} and {FORMAT_VERSION}")
        return doc["regions"], doc.get("clock")

    def save(self, regions: Mapping[str, str], clock: dict[str, float]) -> None:
        """Write each region's state (already JSON text) and the clock, through a temporary file, so a crash
        leaves the old one."""
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, tmp = tempfile.mkstemp(prefix=".imagebuilder-state-", dir=directory)
        body = ", ".join(f"{json.dumps(region)}: {text}" for region, text in sorted(regions.items()))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(f'{{"version": {FORMAT_VERSION}, "clock": {json.dumps(clock)}, "regions": {{{body}}}}}')
            os.replace(tmp, self.path)
        except BaseException:
            os.unlink(tmp)
            raise
