"""Guard tests: one per internal of Pulumi's SDK, gRPC or CPython that ``imagebuild_resource.engine`` relies on.

Each fails with a message naming the internal, so an upgrade that changes one is caught here
before it reaches a deployment. The behaviour itself is also covered under the real engine
(tests/e2e), and what the provider does without each internal in tests/provider/test_engine_fallbacks.py.

Which internal holds on which version, measured by running these guards on both ends of the
supported range (``scripts/matrix.py``: SDK 3.231.0 and 3.272.0 on Python 3.11, 3.12 and 3.13)
and on the lock's SDK 3.260.0:

==========================================================  ===========================================
internal                                                    holds on
==========================================================  ===========================================
``pulumi.output.Unknown`` (values)                          SDK 3.231.0, 3.260.0, 3.272.0
the servicer's ``request`` argument (log.current_request)   SDK 3.231.0, 3.260.0, 3.272.0
the servicer module's spec name (process)                   SDK 3.231.0, 3.260.0, 3.272.0
the engine's address as last argument, the launcher's       the CLI's launcher (CLI 3.260.0, the lock's),
child process (process)                                     whatever the SDK
the servicer's module-global ``traceback`` (server)         SDK 3.260.0 and 3.272.0; not 3.231.0: it
                                                            first appears in 3.260.0 (ERROR_TEXT_SINCE),
                                                            before which the handler lookup reports errors
``grpc._server._find_method_handler`` (server)              grpcio 1.85.3 (the lock's), on every SDK
``threading._register_atexit``, ThreadPoolExecutor's        CPython 3.11, 3.12, 3.13
internals (server)
``pulumi.runtime.settings.SETTINGS.parallel`` (runtime;    SDK 3.260.0 (the lock's); its guard is
its guard is in test_waves.py)                              test_waves.py's, not yet run on the matrix
==========================================================  ===========================================
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys
import threading
from concurrent import futures
from importlib.metadata import version
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import grpc
import pulumi.output
import pytest
from google.protobuf import empty_pb2, struct_pb2
from packaging.version import Version
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from imagebuild_resource.engine import log, process, server, values
from imagebuild_resource.inputs.table import PathChange

SERVICER = pathlib.Path(importlib.util.find_spec("pulumi.dynamic").submodule_search_locations[0]) / "__main__.py"


def _servicer_methods() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(SERVICER.read_text())
    (servicer,) = [node for node in tree.body
                   if isinstance(node, ast.ClassDef) and node.name == "DynamicResourceProviderServicer"]
    return {node.name: node for node in servicer.body if isinstance(node, ast.FunctionDef)}


def test_guard_unknown_values_reach_check_and_diff_as_pulumi_output_unknown():
    struct = struct_pb2.Struct()
    struct.update({"recipe": rpc.UNKNOWN, "tags": {"team": rpc.UNKNOWN}, "workflows": [{"workflowArn": rpc.UNKNOWN}]})
    props = rpc.deserialize_properties(struct, True)  # as DynamicResourceProviderServicer.Check and .Diff call it
    assert isinstance(props["recipe"], pulumi.output.Unknown), "pulumi.output.Unknown is no longer what check() gets"
    assert values.is_unknown(props["tags"]["team"]) and values.contains_unknown(props["workflows"])
    back = asyncio.new_event_loop().run_until_complete(rpc.serialize_properties({"v": values.unknown()}, {}))
    assert back["v"] == rpc.UNKNOWN, "an Unknown handed back from check() no longer serializes as unknown"


def test_guard_the_servicer_hands_each_rpc_its_request_as_request():
    methods = _servicer_methods()
    for name in log.RPC_METHODS:
        args = [arg.arg for arg in methods[name].args.args]
        assert args == ["self", "request", "context"], f"DynamicResourceProviderServicer.{name} signature changed"


def test_current_urn_is_found_from_the_rpc_being_served():
    def Create(self, request, context):  # noqa: N802 - named as the servicer's method
        return log.current_urn()

    urn = "urn:pulumi:dev::proj::pulumi-python:dynamic/imagebuilder:ImageBuild::img"
    assert Create(None, provider_pb2.CreateRequest(urn=urn), None) == urn
    assert log.current_urn() is None


def _launcher() -> pathlib.Path:
    """The SDK's dynamic-provider launcher script, from the Pulumi CLI on PATH (as the engine finds it)."""
    found = shutil.which(process.LAUNCHER)
    assert found, f"{process.LAUNCHER} is not on PATH: run scripts/ensure-pulumi.sh and source scripts/pulumi-env.sh"
    return pathlib.Path(found)


def test_guard_the_engine_address_is_the_last_argument_of_the_provider_plugin():
    text = _launcher().read_text()
    assert "-m pulumi.dynamic" in text and '$@' in text, "the launcher no longer forwards the engine's arguments"
    assert process.engine_address(["prog", "-v=9", "127.0.0.1:34567"]) == "127.0.0.1:34567"
    assert process.engine_address(["prog"]) is None
    assert log.log_to_engine("x", urn="urn:x") is False  # not a provider process: nothing is sent


FIND_ENGINE = """
import os, sys
from imagebuild_resource.engine import process
found = process.find_engine()
print(found.pid, found.running(), os.getppid())
"""


def test_guard_the_launcher_runs_the_provider_as_its_child_so_the_engine_is_its_parent(tmp_path):
    fake_python = tmp_path / "python-cmd"  # stands in for the interpreter: runs FIND_ENGINE, whatever the arguments
    fake_python.write_text(f"#!/bin/sh\nexec {sys.executable} -c '{FIND_ENGINE}'\n")
    fake_python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_RUNTIME_")}
    env["PULUMI_PYTHON_CMD"] = str(fake_python)
    result = subprocess.run([str(_launcher()), "127.0.0.1:1"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    engine_pid, running, parent = result.stdout.split()
    assert int(engine_pid) == os.getpid() and running == "True", \
        f"the launcher no longer runs Python as its own child (engine found: {engine_pid}, parent {parent})"
    assert int(parent) != os.getpid(), "the launcher now execs Python: the engine is the parent; simplify find_engine"


def test_a_process_that_ended_is_told_apart_from_a_running_one():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    gone = process.ProcessId.of(child.pid)
    assert gone.running() or child.poll() is not None
    child.wait()
    assert not gone.running()
    assert process.ProcessId.of(os.getpid()).running()
    assert not process.ProcessId(os.getpid(), "not-its-start-time").running()  # a reused PID is another process


def test_a_log_call_that_fails_only_drops_the_message(monkeypatch):
    class DeadEngine:
        def Log(self, request, timeout):  # noqa: N802 - gRPC method name
            raise grpc.RpcError("engine unavailable")

    monkeypatch.setattr(log, "_STUB", [DeadEngine()])
    for _ in range(3):
        assert log.log_to_engine("progress", urn="urn:pulumi:s::p::t::n") is False  # and the process goes on


ERROR_TEXT_SINCE = Version("3.260.0")
"""The first SDK whose servicer reports errors through a module-global ``traceback`` (3.231.0 lets gRPC word them)."""


def test_guard_the_servicer_reports_errors_through_its_module_global_traceback():
    source = SERVICER.read_text()
    sdk = Version(version("pulumi"))
    if sdk < ERROR_TEXT_SINCE:  # the fallback: gRPC's own error text, said once on the stack's row
        assert "\nimport traceback\n" not in source, \
            f"SDK {sdk}'s servicer imports traceback as a global: lower ERROR_TEXT_SINCE and the range's table"
        return
    assert "\nimport traceback\n" in source, f"SDK {sdk}'s servicer no longer imports traceback as a global"
    wrapper = ast.unparse(ast.parse(source))
    assert "context.abort(grpc.StatusCode.UNKNOWN, traceback.format_exc())" in wrapper, \
        f"SDK {sdk}'s _abort_with_traceback no longer reports traceback.format_exc()"


def test_where_the_servicer_leaves_errors_to_grpc_the_handler_lookup_reports_them_by_their_message_alone():
    class UserError(Exception):
        pass

    class Servicer(provider_pb2_grpc.ResourceProviderServicer):
        def Create(self, request, context):  # noqa: N802 - as SDK 3.231.0's servicer: no try, no traceback
            raise UserError("image build FAILED: it broke")

        def Delete(self, request, context):  # noqa: N802 - a bug, not a user error: gRPC's words stay
            raise KeyError("bug")

    server.translate_errors((UserError,))
    grpc_server, port = _serve(Servicer())
    try:
        assert server.hook_handler_lookup(server.cancel_all)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            with pytest.raises(grpc.RpcError) as failed:
                stub.Create(provider_pb2.CreateRequest(), timeout=10)
            with pytest.raises(grpc.RpcError) as bug:
                stub.Delete(provider_pb2.DeleteRequest(), timeout=10)
    finally:
        grpc_server.stop(0)
    assert failed.value.code() == grpc.StatusCode.UNKNOWN and failed.value.details() == "image build FAILED: it broke"
    assert bug.value.details() == "Exception calling application: 'bug'"


def test_the_traceback_shim_reports_user_errors_by_their_message_alone():
    import traceback

    class UserError(Exception):
        pass

    shim = server._TracebackShim(traceback, (UserError,))
    try:
        raise UserError("image build FAILED: it broke")
    except UserError:
        assert shim.format_exc() == "image build FAILED: it broke"
    try:
        raise KeyError("bug")
    except KeyError:
        assert shim.format_exc().startswith("Traceback (most recent call last)")
    assert shim.print_exc is traceback.print_exc


def _serve(servicer: provider_pb2_grpc.ResourceProviderServicer) -> tuple[grpc.Server, int]:
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, grpc_server)
    port = grpc_server.add_insecure_port("127.0.0.1:0")
    grpc_server.start()
    return grpc_server, port


def test_guard_grpc_handler_lookup_is_wrapped_so_cancel_reaches_every_waiting_build():
    import grpc._server

    assert callable(getattr(grpc._server, "_find_method_handler", None)), "grpc._server._find_method_handler is gone"

    class Servicer(provider_pb2_grpc.ResourceProviderServicer):
        def Cancel(self, request, context):  # noqa: N802 - gRPC method name
            return empty_pb2.Empty()

    grpc_server, port = _serve(Servicer())
    try:
        assert server.hook_handler_lookup(server.cancel_all)
        with server.interrupt_signal() as waiting, grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert not waiting.is_set()
            provider_pb2_grpc.ResourceProviderStub(channel).Cancel(empty_pb2.Empty(), timeout=10)
            assert waiting.is_set()
    finally:
        grpc_server.stop(0)


def test_a_diff_response_carries_the_detailed_diff_the_provider_offered():
    class Servicer(provider_pb2_grpc.ResourceProviderServicer):
        def Diff(self, request, context):  # noqa: N802 - as pulumi.dynamic builds it: no detailed diff
            server.offer_detailed_diff({"tags.team": PathChange("update"),
                                              "imageRecipeArn": PathChange("update", replace=True),
                                              "amiId": PathChange("add", input_diff=False)})
            return provider_pb2.DiffResponse(changes=provider_pb2.DiffResponse.DIFF_SOME, replaces=["imageRecipeArn"])

    grpc_server, port = _serve(Servicer())
    try:
        assert server.hook_handler_lookup(server.cancel_all)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            response = provider_pb2_grpc.ResourceProviderStub(channel).Diff(provider_pb2.DiffRequest(), timeout=10)
    finally:
        grpc_server.stop(0)
    assert response.hasDetailedDiff and list(response.replaces) == ["imageRecipeArn"]
    assert list(response.diffs) == ["tags", "imageRecipeArn", "amiId"]
    assert {path: (d.kind, d.inputDiff) for path, d in response.detailedDiff.items()} == {
        "tags.team": (provider_pb2.PropertyDiff.UPDATE, True),
        "imageRecipeArn": (provider_pb2.PropertyDiff.UPDATE_REPLACE, True),
        "amiId": (provider_pb2.PropertyDiff.ADD, False)}


def test_guard_cpython_runs_registered_hooks_before_joining_threads_at_exit():
    assert callable(getattr(threading, "_register_atexit", None)), "threading._register_atexit is gone"


def test_guard_thread_pool_internals_used_to_widen_the_rpc_pool():
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        worker = pool.submit(server.current_executor).result(timeout=5)
        assert worker is pool, "a pool worker thread no longer holds a weak reference to its pool in _args[0]"
        for name in ("_max_workers", "_idle_semaphore", "_adjust_thread_count", "_shutdown_lock"):
            assert hasattr(pool, name), f"ThreadPoolExecutor.{name} is gone"
    finally:
        pool.shutdown()


def test_guard_the_servicer_module_is_recognised_by_its_spec_name():
    assert process.SERVICER_MODULE == "pulumi.dynamic.__main__"
    assert SERVICER.name == "__main__.py"
    assert process.servicer_module() is None  # pytest is not the provider server
    fake = SimpleNamespace(__spec__=SimpleNamespace(name="pulumi.dynamic.__main__"))
    assert fake.__spec__.name == process.SERVICER_MODULE
