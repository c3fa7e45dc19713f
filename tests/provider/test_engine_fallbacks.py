"""Without an internal, the provider keeps the SDK's public behaviour and says so once on the stack's row.

Each internal is taken away here as an SDK, gRPC or CPython without it would be; under the real
CLI, tests/e2e/test_sdk_fallbacks.py checks the warning where the running SDK really lacks one.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import traceback
import types
from concurrent.futures import ThreadPoolExecutor

import pytest
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2

from imagebuild_resource.engine import fallbacks, log, process, server, values


class UserError(Exception):
    pass


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """The stack-row warnings of a fresh provider process."""
    sent: list[str] = []
    monkeypatch.setattr(fallbacks, "_WARNED", set())
    monkeypatch.setattr(fallbacks, "log_to_stack", lambda message, severity: sent.append(f"{severity}: {message}"))
    return sent


def servicer(monkeypatch, *, with_traceback: bool) -> types.ModuleType:
    """Stand in for ``python -m pulumi.dynamic``'s module, with or without its module-global traceback."""
    module = types.ModuleType("__main__")
    if with_traceback:
        module.traceback = traceback  # type: ignore[attr-defined]
    monkeypatch.setattr(server, "servicer_module", lambda: module)
    monkeypatch.setattr(server, "engine_address", lambda: "127.0.0.1:1")
    return module


def configure_in_an_rpc(pool: ThreadPoolExecutor) -> list[fallbacks.Fallback]:
    """attach() as the servicer calls it: from a worker of its pool, inside a Check RPC."""
    def Check(self, request, context):  # noqa: N802 - named as the servicer's method
        return server.attach((UserError,))

    return pool.submit(Check, None, provider_pb2.CheckRequest(urn="urn:pulumi:s::p::t::n"), None).result(timeout=10)


def test_with_every_internal_present_nothing_is_said(monkeypatch, warnings):
    servicer(monkeypatch, with_traceback=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert configure_in_an_rpc(pool) == []
    assert warnings == []


def test_an_sdk_without_the_module_global_traceback_has_errors_reported_by_the_handler_lookup(monkeypatch, warnings):
    module = servicer(monkeypatch, with_traceback=False)  # as SDK 3.231.0's servicer
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert configure_in_an_rpc(pool) == []
    assert not hasattr(module, "traceback") and warnings == []  # nothing put in its place, nothing to say


def test_without_the_traceback_global_and_the_handler_lookup_errors_keep_grpcs_words_said_once(monkeypatch, warnings):
    import grpc._server

    servicer(monkeypatch, with_traceback=False)
    monkeypatch.delattr(grpc._server, "_find_method_handler")
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert configure_in_an_rpc(pool) == [fallbacks.HANDLER_LOOKUP, fallbacks.ERROR_TEXT]
        assert configure_in_an_rpc(pool) == [fallbacks.HANDLER_LOOKUP, fallbacks.ERROR_TEXT]  # a second provider
    (warning,) = warnings
    assert warning.startswith("warning: imagebuild-resource: Pulumi SDK ")
    assert "without pulumi.dynamic's module-global traceback (SDK 3.260.0 on), or gRPC's handler lookup" in warning
    assert "without gRPC's grpc._server._find_method_handler: Ctrl-C cancels waiting builds only" in warning


def test_outside_a_pool_worker_or_an_rpc_the_pool_and_the_urn_are_missing(monkeypatch, warnings):
    servicer(monkeypatch, with_traceback=True)
    assert server.attach((UserError,)) == [fallbacks.POOL, fallbacks.CURRENT_REQUEST]
    assert "the provider serves 4 RPCs at once" in warnings[0] and "builds carry no identity tags" in warnings[0]


def test_without_the_engine_address_progress_goes_to_the_stack_row(monkeypatch, warnings):
    servicer(monkeypatch, with_traceback=True)
    monkeypatch.setattr(server, "engine_address", lambda: None)
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert configure_in_an_rpc(pool) == [fallbacks.ENGINE_ADDRESS]


def test_grpc_without_the_handler_lookup_leaves_cancel_and_diff_to_the_sdk(monkeypatch, warnings):
    import grpc._server

    servicer(monkeypatch, with_traceback=True)
    monkeypatch.delattr(grpc._server, "_find_method_handler")
    assert server.hook_handler_lookup(server.cancel_all) is False
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert configure_in_an_rpc(pool) == [fallbacks.HANDLER_LOOKUP]  # the traceback global still words errors
    server.offer_detailed_diff({})  # offered, never collected: the SDK's DiffResponse goes out as it is


def test_cpython_without_the_exit_hook_still_serves_long_waits(monkeypatch, warnings):
    servicer(monkeypatch, with_traceback=True)
    monkeypatch.delattr(threading, "_register_atexit")
    monkeypatch.setattr(server, "_exit_hooked", False)
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert configure_in_an_rpc(pool) == [fallbacks.EXIT_HOOK]
    with server.interrupt_signal() as cancel:
        server.cancel_all()
        assert cancel.is_set()  # the engine's Cancel still reaches the build


def test_a_pool_without_the_internals_is_not_widened(monkeypatch):
    monkeypatch.setattr(server, "POOL_INTERNALS", (*server.POOL_INTERNALS, "_renamed_by_a_later_cpython"))
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        def wait() -> int:
            with server.widened_pool():
                return pool._max_workers

        assert not server.can_widen(pool)
        assert pool.submit(wait).result(timeout=5) == 1  # the wait runs, on the pool as the SDK sized it
    finally:
        pool.shutdown()


def test_a_worker_thread_without_its_pool_reference_is_outside_any_pool(monkeypatch):
    monkeypatch.setattr(threading.current_thread(), "_args", (lambda: "not a weak reference",), raising=False)
    assert server.current_executor() is None


def test_an_sdk_without_pulumi_output_unknown_uses_the_protocols_sentinel(monkeypatch):
    monkeypatch.setattr(values, "UNKNOWN_TYPE", None)
    assert values.is_unknown(rpc.UNKNOWN) and values.contains_unknown({"tags": [rpc.UNKNOWN]})
    assert values.unknown() == rpc.UNKNOWN and not values.is_unknown("arn:aws:imagebuilder:...")


STACK_ROW_WITHOUT_ENGINE = """
from imagebuild_resource.engine import log
log.log_to_stack("imagebuild-resource: a line for the stack's row")
"""


def test_without_an_engine_to_log_to_the_stack_row_gets_the_line_on_stderr():
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(STACK_ROW_WITHOUT_ENGINE)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "warning: imagebuild-resource: a line for the stack's row"  # pulumi.log's form


def test_a_stack_row_line_is_a_log_call_without_a_urn(monkeypatch):
    calls = []

    class Engine:
        def Log(self, request, timeout):  # noqa: N802 - gRPC method name
            calls.append((request.urn, request.severity, request.message))

    monkeypatch.setattr(log, "_STUB", [Engine()])
    monkeypatch.setattr(process, "servicer_module", lambda: types.ModuleType("__main__"))
    log.log_to_stack("a warning")
    from pulumi.runtime.proto import engine_pb2

    assert calls == [("", engine_pb2.WARNING, "a warning")]
