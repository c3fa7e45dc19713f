"""Cancel waiting builds when the provider process is told to stop.

The engine's Cancel RPC is a no-op for dynamic providers. When a deployment is
interrupted, the engine stops the provider process with SIGINT: Python raises
KeyboardInterrupt in the main thread, which ends, and the interpreter then waits for
the RPC worker threads, one of which may be blocked in a 45-minute wait. The hook
below runs at that moment (the same hook ``concurrent.futures`` uses to stop its
workers), sets every active build's cancel signal, and so lets each wait cancel its
build and return promptly instead of holding the process open.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator

_ACTIVE: set[threading.Event] = set()
_LOCK = threading.Lock()
_hooked = False


def _cancel_all() -> None:
    with _LOCK:
        for signal in _ACTIVE:
            signal.set()


def _hook_once() -> None:
    global _hooked
    if not _hooked:
        # Runs before non-daemon threads are joined at interpreter shutdown.
        threading._register_atexit(_cancel_all)  # noqa: SLF001 - stdlib's own shutdown hook
        _hooked = True


@contextlib.contextmanager
def interrupt_signal() -> Iterator[threading.Event]:
    """A cancel signal that is set when this process starts shutting down."""
    signal = threading.Event()
    with _LOCK:
        _hook_once()
        _ACTIVE.add(signal)
    try:
        yield signal
    finally:
        with _LOCK:
            _ACTIVE.discard(signal)
