"""Keep long waits from starving the dynamic provider's RPC worker pool.

Pulumi's Python dynamic provider serves every RPC of the whole stack from one
``ThreadPoolExecutor(max_workers=4)``. A create that waits 45 minutes for a build holds
one of those four threads; four such creates would leave no thread for the Check, Diff
or Create of any other resource. While a build waits, :func:`widened_pool` raises the
pool's limit by one, so a waiting build never takes a slot from other work, and gives
it back afterwards.

The pool is found through the worker thread running the current RPC (the executor
hands each worker a weak reference to itself). Outside such a worker (tests, the CLI)
this does nothing.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

_LOCK = threading.Lock()


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
    with executor._shutdown_lock:  # noqa: SLF001 - held by submit() around the same work
        while executor._idle_semaphore.acquire(timeout=0):  # noqa: SLF001
            pass
        executor._adjust_thread_count()  # noqa: SLF001


@contextlib.contextmanager
def widened_pool() -> Iterator[None]:
    """Add one worker to the current pool for the duration of a long wait."""
    executor = current_executor()
    if executor is None:
        yield
        return
    with _LOCK:
        executor._max_workers += 1  # noqa: SLF001 - the pool offers no public resize
        _start_spare_worker(executor)
    try:
        yield
    finally:
        with _LOCK:
            executor._max_workers -= 1  # noqa: SLF001
