"""The state file: the service's state as one JSON document, replaced atomically on each change."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

FORMAT_VERSION = 2
"""The version of the document this service writes and reads."""


class StateFile:
    """A JSON state document at ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def load(self) -> dict[str, Any] | None:
        """The saved document, or None if there is none yet. Raises ValueError for another format."""
        if not os.path.exists(self.path):
            return None
        with open(self.path, encoding="utf-8") as fh:
            doc = json.load(fh)
        if not isinstance(doc, dict) or doc.get("version") != FORMAT_VERSION:
            found = doc.get("version") if isinstance(doc, dict) else None
            raise ValueError(f"state file {self.path} has format version {found}; "
                             f"this service reads version {FORMAT_VERSION}")
        return doc

    def save(self, doc: dict[str, Any]) -> None:
        """Write ``doc`` (with the format version) through a temporary file, so a crash leaves the old one."""
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, tmp = tempfile.mkstemp(prefix=".imagebuilder-state-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": FORMAT_VERSION, **doc}, fh)
            os.replace(tmp, self.path)
        except BaseException:
            os.unlink(tmp)
            raise
