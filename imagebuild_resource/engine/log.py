"""The engine's Log RPC: lines on a resource's row or the stack's, and the URN of the resource whose RPC is served.

Internals:

* **The current request** - ``sys._getframe`` and the servicer's ``request`` argument: a
  dynamic provider is never told its resource's URN, but every gRPC request carries it.
* **The engine's Log RPC** - ``pulumi.runtime.proto.engine_pb2_grpc.EngineStub`` on the
  engine's address (:mod:`.process`). Messages sent with a URN land on that resource's row,
  those without one on the stack's row.

A message that cannot be delivered is dropped: progress never fails a deployment, and a
failed Log call never ends the process (whether the engine is gone is decided from its
process, :func:`.process.leave_if_engine_gone`).
"""

from __future__ import annotations

import sys
import threading
from types import FrameType
from typing import Any

from .process import engine_address, servicer_module

RPC_METHODS = frozenset({"Check", "Diff", "Create", "Read", "Update", "Delete"})
LOG_TIMEOUT_SECONDS = 10


def current_request(frame: FrameType | None = None) -> Any | None:
    """The gRPC request of the provider RPC this thread is serving (None outside one)."""
    frame = frame or sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name in RPC_METHODS and hasattr(frame.f_locals.get("request"), "urn"):
            return frame.f_locals["request"]
        frame = frame.f_back
    return None


def current_urn() -> str | None:
    """The URN of the resource whose RPC this thread is serving, if any."""
    request = current_request(sys._getframe(1))
    return str(request.urn) if request is not None and request.urn else None


_STUB: list[Any] = []
_LOCK = threading.Lock()


def _engine_stub() -> Any | None:
    with _LOCK:
        if not _STUB and servicer_module() is not None:
            address = engine_address()
            if address is not None:
                import grpc  # noqa: PLC0415 - only where an engine is reachable
                from pulumi.runtime.proto import engine_pb2_grpc  # noqa: PLC0415

                _STUB.append(engine_pb2_grpc.EngineStub(grpc.insecure_channel(address)))
        return _STUB[0] if _STUB else None


def log_to_engine(message: str, *, urn: str | None, severity: str = "info", ephemeral: bool = False) -> bool:
    """Send ``message`` to the engine's Log RPC for the resource ``urn``; False where it was not delivered.

    Ephemeral messages are the resource row's passing status; the others stay in the
    deployment's output.
    """
    if not urn:
        return False
    return _send(message, urn=urn, severity=severity, ephemeral=ephemeral)


def _send(message: str, *, urn: str, severity: str, ephemeral: bool) -> bool:
    stub = _engine_stub()
    if stub is None:
        return False
    from pulumi.runtime.proto import engine_pb2  # noqa: PLC0415

    level = engine_pb2.LogSeverity.Value(severity.upper())
    try:
        stub.Log(engine_pb2.LogRequest(severity=level, message=message, urn=urn, ephemeral=ephemeral),
                 timeout=LOG_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001 - delivery is best effort
        return False
    return True


def log_to_stack(message: str, severity: str = "warning") -> None:
    """A line on the stack's row: the Log RPC without a URN, else ``pulumi.log`` (stderr, which the engine shows there)."""
    if _send(message, urn="", severity=severity, ephemeral=False):
        return
    import pulumi.log  # noqa: PLC0415 - the SDK's public fallback

    getattr(pulumi.log, "warn" if severity == "warning" else severity)(message)
