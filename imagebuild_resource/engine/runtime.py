"""What the program learns from Pulumi's runtime that the SDK's public API does not tell: the engine's parallelism.

Internal:

* **The runtime settings** - ``pulumi.runtime.settings.SETTINGS.parallel``: the language host
  starts the program with ``--parallel P`` (what ``pulumi up --parallel`` says, else the CLI's
  default), and the SDK keeps it there to size its thread pool. The SDK has no public getter.

Without it (or with a value that is not a positive integer) the parallelism is not known:
:func:`engine_parallelism` answers None, and nothing is said about it (our choice: a guess such
as four times the cores would be wrong whenever ``--parallel`` is given).
"""

from __future__ import annotations

import importlib
from typing import Any


def engine_parallelism() -> int | None:
    """How many resource operations the engine runs at once in this deployment, or None if not known."""
    try:
        settings: Any = getattr(importlib.import_module("pulumi.runtime.settings"), "SETTINGS", None)
        value = getattr(settings, "parallel", None)
    except Exception:  # noqa: BLE001 - an SDK that keeps it elsewhere: not known
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
