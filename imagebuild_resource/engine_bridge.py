"""The only module that reaches into the internals of Pulumi's SDK, gRPC and CPython.

A dynamic provider runs inside ``pulumi.dynamic``'s own gRPC server, which offers no hook
for what this package needs. Each reach below names the internal it relies on; each has
a guard test in ``tests/provider/test_engine_bridge.py`` that fails with a clear message
if an upgrade changes it.

* **Cancel hook** - ``grpc._server._find_method_handler``: gRPC looks up the handler of
  every incoming call through this module function. Wrapping it lets the engine's Cancel
  RPC (which ``pulumi.dynamic`` answers and otherwise ignores) set every waiting build's
  cancel signal.
* **Exit hook** - ``threading._register_atexit``: runs before non-daemon threads are
  joined at interpreter shutdown (the second Ctrl-C stops the provider process), so
  waiting builds are cancelled before the process exits.
* **Pool widening** - ``ThreadPoolExecutor._max_workers``, ``_idle_semaphore``,
  ``_adjust_thread_count``, ``_shutdown_lock``, and a worker thread's ``_args[0]`` (the
  weak reference to its pool): the provider serves every RPC from 4 threads, and a
  waiting build adds one worker for as long as it waits.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator

CANCEL_METHOD = b"/pulumirpc.ResourceProvider/Cancel"

_ACTIVE: set[threading.Event] = set()
_LOCK = threading.Lock()
_hooked = False


# ----- interruption: the engine's Cancel and process exit ----------------------------------

def cancel_all() -> None:
    """Set the cancel signal of every build waiting in this process."""
    with _LOCK:
        for signal in _ACTIVE:
            signal.set()


def wrap_engine_cancel() -> bool:
    """Make every Cancel RPC this process serves also call :func:`cancel_all`.

    False if this gRPC has no handler lookup to wrap (then only the exit hook applies).
    """
    import grpc._server  # noqa: PLC0415 - only needed where a provider is served

    find = getattr(grpc._server, "_find_method_handler", None)
    if find is None:
        return False
    if getattr(find, "cancels_builds", False):
        return True

    def find_method_handler(rpc_event: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(rpc_event.call_details, "method", b"") == CANCEL_METHOD:
            cancel_all()
        return find(rpc_event, *args, **kwargs)

    find_method_handler.cancels_builds = True  # type: ignore[attr-defined]
    grpc._server._find_method_handler = find_method_handler
    return True


def _hook_once() -> None:
    global _hooked
    if not _hooked:
        threading._register_atexit(cancel_all)  # type: ignore[attr-defined]
        wrap_engine_cancel()
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


# ----- the RPC worker pool --------------------------------------------------------------------

_POOL_LOCK = threading.Lock()


def current_executor() -> ThreadPoolExecutor | None:
    """The thread pool whose worker is running this code, if any."""
    args = getattr(threading.current_thread(), "_args", ())
    ref = args[0] if args else None
    executor = ref() if callable(ref) else None
    return executor if isinstance(executor, ThreadPoolExecutor) else None


def _start_spare_worker(executor: ThreadPoolExecutor) -> None:
    """Start a thread now, so RPCs queued behind this wait find one.

    The pool only starts a thread when its idle count says none is free, and that count
    drifts upwards (every finished task adds to it): after a few quick RPCs it would
    keep queueing work behind busy threads. Forget the drifted count, then let the
    pool size itself again.
    """
    with executor._shutdown_lock:
        while executor._idle_semaphore.acquire(timeout=0):
            pass
        executor._adjust_thread_count()


@contextlib.contextmanager
def widened_pool() -> Iterator[None]:
    """Add one worker to the current pool for the duration of a long wait (nothing outside a pool)."""
    executor = current_executor()
    if executor is None:
        yield
        return
    with _POOL_LOCK:
        executor._max_workers += 1
        _start_spare_worker(executor)
    try:
        yield
    finally:
        with _POOL_LOCK:
            executor._max_workers -= 1


@contextlib.contextmanager
def long_wait() -> Iterator[threading.Event]:
    """For an RPC that waits on AWS: a cancel signal (engine Cancel, process exit) and a spare worker."""
    with interrupt_signal() as cancel, widened_pool():
        yield cancel
