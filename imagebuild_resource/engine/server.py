"""Patches of the provider's gRPC server: error text, Cancel and detailed diffs, the exit hook, the RPC pool.

Each is detected by the feature it reaches for, never by version; where one is missing the
SDK's own behaviour stays, and :func:`attach` says so once on the stack's row
(:mod:`.fallbacks`). Internals:

* **Error text** - the servicer's module global ``traceback``: ``pulumi.dynamic`` (from SDK
  3.260.0) turns every exception into ``traceback.format_exc()``; for this package's own
  errors that becomes the message alone. An older servicer lets gRPC word them
  (``Exception calling application: ...``); there the handler lookup (below) reports them
  by their message alone instead.
* **Handler lookup** - ``grpc._server._find_method_handler``: wrapped so that the
  engine's Cancel RPC (answered and otherwise ignored by ``pulumi.dynamic``) cancels the
  waiting builds, so that a Diff response can carry a detailed diff, which
  ``pulumi.dynamic.DiffResult`` cannot express, and so that this package's errors that
  reach gRPC abort the RPC with their message alone.
* **Exit hook** - ``threading._register_atexit``: runs before non-daemon threads are
  joined at interpreter shutdown (the second Ctrl-C), so waiting builds are cancelled.
* **Pool widening** - ``ThreadPoolExecutor._max_workers``, ``_idle_semaphore``,
  ``_adjust_thread_count``, ``_shutdown_lock``, and a worker thread's ``_args[0]`` (the
  weak reference to its pool): the provider serves every RPC from 4 threads, and a
  waiting build adds one worker for as long as it waits.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import grpc

from . import log
from .fallbacks import (CURRENT_REQUEST, ENGINE_ADDRESS, ERROR_TEXT, EXIT_HOOK, HANDLER_LOOKUP, POOL, Fallback,
                        warn_once)
from .process import engine_address, servicer_module

PROVIDER_METHODS = "/pulumirpc.ResourceProvider/"
CANCEL_METHOD = "/pulumirpc.ResourceProvider/Cancel"
DIFF_METHOD = "/pulumirpc.ResourceProvider/Diff"


# ----- error text ----------------------------------------------------------------------------------

class _TracebackShim(ModuleType):
    """Stands in for ``traceback`` in the servicer module: this package's errors become their message."""

    def __init__(self, real: ModuleType, user_errors: tuple[type[BaseException], ...]) -> None:
        super().__init__("traceback")
        self._real, self._user_errors = real, user_errors

    def format_exc(self, limit: int | None = None, chain: bool = True) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, self._user_errors):
            return str(error)
        return self._real.format_exc(limit, chain)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


_USER_ERRORS: list[type[BaseException]] = []
"""This package's errors: reported by their message alone, wherever they leave the provider."""


def translate_errors(user_errors: tuple[type[BaseException], ...]) -> bool:
    """Make the servicer report ``user_errors`` by their message alone; False where it has no traceback global.

    Without it, the wrapped handler lookup (:func:`hook_handler_lookup`) reports them.
    """
    _USER_ERRORS.extend(error for error in user_errors if error not in _USER_ERRORS)
    module = servicer_module()
    if module is None or not isinstance(getattr(module, "traceback", None), ModuleType):
        return False
    current = module.traceback
    if isinstance(current, _TracebackShim):
        current._user_errors = tuple(dict.fromkeys((*current._user_errors, *user_errors)))
        return True
    module.traceback = _TracebackShim(current, user_errors)  # type: ignore[attr-defined]
    return True


# ----- the handler lookup: Cancel, and detailed diffs ------------------------------------------------

_DIFF = threading.local()


_KINDS = {"add": 0, "delete": 2, "update": 4}  # PropertyDiff.Kind; the *_REPLACE kind is one more


def offer_detailed_diff(paths: Mapping[str, Any]) -> None:
    """Have the Diff response this thread is serving carry a detailed diff.

    ``paths`` maps property paths (``tags.team``) to changes with ``kind`` (add, delete or
    update), ``replace`` and ``input_diff``; their top-level keys become the response's
    ``diffs`` (``diffReasons`` in ``pulumi preview --json``).
    """
    detailed = {path: (_KINDS[change.kind] + (1 if change.replace else 0), change.input_diff)
                for path, change in paths.items()}
    diffs = list(dict.fromkeys(re.split(r"[.\[]", path, maxsplit=1)[0] for path in paths))
    _DIFF.offer = (detailed, diffs)


def _add_detailed_diff(response: Any) -> Any:
    offer = getattr(_DIFF, "offer", None)
    _DIFF.offer = None
    if offer is None:
        return response
    from pulumi.runtime.proto import provider_pb2  # noqa: PLC0415

    detailed, diffs = offer
    response.diffs.extend(diffs)
    for path, (kind, input_diff) in detailed.items():
        response.detailedDiff[path].CopyFrom(provider_pb2.PropertyDiff(kind=kind, inputDiff=input_diff))
    response.hasDetailedDiff = True
    return response


def _wrapped_handler(method: str, handler: Any, on_cancel: Callable[[], None]) -> Any:
    if method == CANCEL_METHOD:
        on_cancel()
    if not method.startswith(PROVIDER_METHODS) or handler is None or handler.unary_unary is None:
        return handler
    serve = handler.unary_unary

    def served(request: Any, context: Any) -> Any:
        if method == DIFF_METHOD:
            _DIFF.offer = None
        try:
            response = serve(request, context)
        except tuple(_USER_ERRORS) as error:  # a servicer that leaves them to gRPC, which would prefix them
            context.abort(grpc.StatusCode.UNKNOWN, str(error))
        return _add_detailed_diff(response) if method == DIFF_METHOD else response

    return handler._replace(unary_unary=served)


def hook_handler_lookup(on_cancel: Callable[[], None]) -> bool:
    """Wrap gRPC's handler lookup (once per process); False if this gRPC has none to wrap."""
    import grpc._server  # noqa: PLC0415 - only needed where a provider is served

    find = getattr(grpc._server, "_find_method_handler", None)
    if find is None:
        return False
    if getattr(find, "imagebuild_hooked", False):
        return True

    def find_method_handler(rpc_event: Any, *args: Any, **kwargs: Any) -> Any:
        raw = getattr(rpc_event.call_details, "method", b"")
        method = raw.decode() if isinstance(raw, bytes) else str(raw)
        return _wrapped_handler(method, find(rpc_event, *args, **kwargs), on_cancel)

    find_method_handler.imagebuild_hooked = True  # type: ignore[attr-defined]
    grpc._server._find_method_handler = find_method_handler
    return True


# ----- interruption: the engine's Cancel and process exit ---------------------------------------------

_ACTIVE: set[threading.Event] = set()
_LOCK = threading.Lock()
_exit_hooked = False


def cancel_all() -> None:
    """Set the cancel signal of every build waiting in this process."""
    with _LOCK:
        for signal in _ACTIVE:
            signal.set()


def _hook_exit_once() -> bool:
    """Cancel every waiting build when the interpreter starts shutting down; False if CPython offers no such hook."""
    global _exit_hooked
    register = getattr(threading, "_register_atexit", None)
    if register is None:
        return False
    if not _exit_hooked:
        register(cancel_all)
        _exit_hooked = True
    return True


def attach(user_errors: tuple[type[BaseException], ...]) -> list[Fallback]:
    """Everything a provider process needs, installed once: Cancel and Diff hooks, error text, exit hook.

    Returns what is missing; outside a provider process (no servicer to patch) nothing is.
    """
    if servicer_module() is None:
        return []
    with _LOCK:
        exit_hooked = _hook_exit_once()
    executor = current_executor()  # the servicer calls configure() from one of its pool's workers, in an RPC
    lookup, shim = hook_handler_lookup(cancel_all), translate_errors(user_errors)
    found = {HANDLER_LOOKUP: lookup, ERROR_TEXT: lookup or shim, EXIT_HOOK: exit_hooked, POOL: executor is not None and can_widen(executor),
             CURRENT_REQUEST: log.current_request() is not None, ENGINE_ADDRESS: engine_address() is not None}
    missing = [fallback for fallback, present in found.items() if not present]
    warn_once(missing)
    return missing


@contextlib.contextmanager
def interrupt_signal() -> Iterator[threading.Event]:
    """A cancel signal that is set when the engine cancels or this process starts shutting down."""
    signal = threading.Event()
    with _LOCK:
        _hook_exit_once()
        _ACTIVE.add(signal)
    hook_handler_lookup(cancel_all)
    try:
        yield signal
    finally:
        with _LOCK:
            _ACTIVE.discard(signal)


# ----- the RPC worker pool ----------------------------------------------------------------------------

_POOL_LOCK = threading.Lock()
POOL_INTERNALS = ("_max_workers", "_idle_semaphore", "_adjust_thread_count", "_shutdown_lock")


def current_executor() -> ThreadPoolExecutor | None:
    """The thread pool whose worker is running this code, if any."""
    args = getattr(threading.current_thread(), "_args", ())
    ref = args[0] if args else None
    executor = ref() if isinstance(ref, weakref.ref) else None
    return executor if isinstance(executor, ThreadPoolExecutor) else None


def can_widen(executor: ThreadPoolExecutor) -> bool:
    """Whether this pool has the internals that :func:`widened_pool` adjusts."""
    return all(hasattr(executor, name) for name in POOL_INTERNALS)


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
    if executor is None or not can_widen(executor):
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

