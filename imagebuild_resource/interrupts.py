"""Cancel waiting builds when the deployment is interrupted.

Two signals reach a dynamic provider process when someone presses Ctrl-C:

* The first Ctrl-C makes the engine send the provider a Cancel RPC, which
  ``pulumi.dynamic`` answers and otherwise ignores: the engine would then wait for a
  45-minute build to finish. On first use, :func:`interrupt_signal` makes the
  process's Cancel calls also set every active build's cancel signal.
* The second Ctrl-C makes the engine stop the process with SIGINT: the main thread
  ends and the interpreter waits for the RPC worker threads. A hook that runs at that
  moment (the one ``concurrent.futures`` uses to stop its workers) sets the signals too.

Either way each wait cancels its build and returns promptly. Outside a provider
process (tests, the CLI) there is no Cancel handler to wrap and only the exit hook is
installed.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

_ACTIVE: set[threading.Event] = set()
_LOCK = threading.Lock()
_hooked = False
CANCEL_METHOD = b"/pulumirpc.ResourceProvider/Cancel"


def cancel_all() -> None:
    """Set the cancel signal of every build waiting in this process."""
    with _LOCK:
        for signal in _ACTIVE:
            signal.set()


def _wrap_engine_cancel() -> bool:
    """Make every Cancel RPC this process serves also call :func:`cancel_all`.

    ``pulumi.dynamic`` registers its handlers once, at start-up; gRPC looks the handler
    of each incoming call up through one module function, which is wrapped here. False
    if this gRPC has no such function (then only the exit hook applies).
    """
    import grpc._server  # noqa: PLC0415 - only needed where a provider is served

    find = getattr(grpc._server, "_find_method_handler", None)  # noqa: SLF001
    if find is None:
        return False
    if getattr(find, "cancels_builds", False):
        return True

    def find_method_handler(rpc_event: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(rpc_event.call_details, "method", b"") == CANCEL_METHOD:
            cancel_all()
        return find(rpc_event, *args, **kwargs)

    find_method_handler.cancels_builds = True  # type: ignore[attr-defined]
    grpc._server._find_method_handler = find_method_handler  # noqa: SLF001
    return True


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
