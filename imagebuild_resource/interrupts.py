"""Cancel waiting builds when the deployment is interrupted.

Two signals reach a dynamic provider process when someone presses Ctrl-C:

* The first Ctrl-C makes the engine send the provider a Cancel RPC, which
  ``pulumi.dynamic`` answers and otherwise ignores: the engine would then wait for a
  45-minute build to finish. On first use, :func:`interrupt_signal` wraps the
  process's Cancel handler so that it also sets every active build's cancel signal.
* The second Ctrl-C makes the engine stop the process with SIGINT: the main thread
  ends and the interpreter waits for the RPC worker threads. A hook that runs at that
  moment (the one ``concurrent.futures`` uses to stop its workers) sets the signals too.

Either way each wait cancels its build and returns promptly. Outside a provider
process (tests, the CLI) there is no Cancel handler to wrap and only the exit hook is
installed.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Any, Iterator

_ACTIVE: set[threading.Event] = set()
_LOCK = threading.Lock()
_hooked = False
CANCEL_METHOD = "/pulumirpc.ResourceProvider/Cancel"


def cancel_all() -> None:
    """Set the cancel signal of every build waiting in this process."""
    with _LOCK:
        for signal in _ACTIVE:
            signal.set()


def _wrap_engine_cancel() -> bool:
    """Make the provider's Cancel RPC handler also call :func:`cancel_all`; False if none is served."""
    import grpc._utilities  # noqa: PLC0415 - only needed inside a provider process

    for handler in gc.get_objects():
        if isinstance(handler, grpc._utilities.DictionaryGenericHandler):  # noqa: SLF001
            methods = handler._method_handlers  # noqa: SLF001 - registered once, read per call
            original = methods.get(CANCEL_METHOD)
            if original is not None and original.unary_unary is not None:
                methods[CANCEL_METHOD] = original._replace(unary_unary=_cancelling(original.unary_unary))
                return True
    return False


def _cancelling(behaviour: Any) -> Any:
    def cancel(request: Any, context: Any) -> Any:
        cancel_all()
        return behaviour(request, context)

    return cancel


def _hook_once() -> None:
    global _hooked
    if not _hooked:
        # Runs before non-daemon threads are joined at interpreter shutdown.
        threading._register_atexit(cancel_all)  # noqa: SLF001 - stdlib's own shutdown hook
        _wrap_engine_cancel()
        _hooked = True


@contextlib.contextmanager
def interrupt_signal() -> Iterator[threading.Event]:
    """A cancel signal that is set when the engine cancels or this process starts shutting down."""
    signal = threading.Event()
    with _LOCK:
        _hook_once()
        _ACTIVE.add(signal)
    try:
        yield signal
    finally:
        with _LOCK:
            _ACTIVE.discard(signal)
