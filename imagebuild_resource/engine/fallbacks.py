"""What a provider does without an internal it reaches for, and the one warning that says so.

Every reach of this package into an internal is detected by feature where the provider
process starts (:func:`.server.attach`); where one is missing, the SDK's public behaviour
stays and the stack's row gets one warning per provider process naming what works less well.
Which internal holds on which SDK is recorded in ``tests/provider/test_engine_guards.py``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from .log import log_to_stack


@dataclass(frozen=True)
class Fallback:
    """An internal that was not found, and what the user gets instead."""

    internal: str
    instead: str


ERROR_TEXT = Fallback("pulumi.dynamic's module-global traceback (SDK 3.260.0 on), or gRPC's handler lookup before it",
                      "errors read as the SDK or gRPC word them, a traceback or 'Exception calling application: ' "
                      "with the message")
HANDLER_LOOKUP = Fallback("gRPC's grpc._server._find_method_handler",
                          "Ctrl-C cancels waiting builds only once the provider exits, and previews show no "
                          "detailed diff")
EXIT_HOOK = Fallback("CPython's threading._register_atexit",
                     "a provider that exits leaves its builds running (the next deployment reattaches to them)")
POOL = Fallback("the RPC pool's worker internals (concurrent.futures.ThreadPoolExecutor)",
                "the provider serves 4 RPCs at once, so a fifth build waits until one of four has finished")
CURRENT_REQUEST = Fallback("the servicer's request argument (sys._getframe)",
                           "builds carry no identity tags, so the rerun of a killed deployment starts a second "
                           "build, and progress shows on the stack's row")
ENGINE_ADDRESS = Fallback("the engine's address, the provider's last argument",
                          "progress shows on the stack's row, without the build's passing status")

_WARNED: set[Fallback] = set()
_LOCK = threading.Lock()


def warning_text(missing: Iterable[Fallback]) -> str:
    """The warning for ``missing``: the SDK found, then each internal and what replaces it."""
    try:
        sdk = f"Pulumi SDK {version('pulumi')}"
    except PackageNotFoundError:
        sdk = "this Pulumi SDK"
    python = ".".join(map(str, sys.version_info[:3]))
    lines = [f"imagebuild-resource: {sdk} on Python {python} lacks what some features of the provider rely on; "
             "they work as the SDK does:"]
    lines += [f"  - without {fallback.internal}: {fallback.instead}" for fallback in missing]
    return "\n".join(lines)


def warn_once(missing: Iterable[Fallback]) -> bool:
    """Say on the stack's row what is missing and not said yet in this process; True if a warning went out."""
    with _LOCK:
        new = [fallback for fallback in dict.fromkeys(missing) if fallback not in _WARNED]
        _WARNED.update(new)
    if not new:
        return False
    log_to_stack(warning_text(new), severity="warning")
    return True
