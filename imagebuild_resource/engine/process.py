"""This process and its engine: is it a dynamic provider, where is the engine, is the engine still running.

Internals:

* **The servicer module** - ``python -m pulumi.dynamic`` runs the provider's gRPC server as
  ``__main__``, whose ``__spec__.name`` is ``pulumi.dynamic.__main__``.
* **The engine's address** - the engine starts every provider plugin with its gRPC address
  as the last argument, which ``pulumi.dynamic`` ignores.
* **The engine's process** - the SDK's plugin launcher, ``pulumi-resource-pulumi-python``, is
  a ``sh`` script that runs Python as its child (it does not ``exec``), so the engine is
  this process's parent, or its grandparent when the launcher is in between.

Our decision: a provider whose engine died (a CLI killed with SIGKILL, a runner that
vanished) must neither go on waiting, nor cancel its builds, nor mark them as recorded.
Nobody can receive its answer, and the rerun reattaches to the builds it left
(:mod:`imagebuild_resource.imagebuilder.reattach`). The wait loop asks
:func:`leave_if_engine_gone` at every poll; a failed Log call never decides it.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

SERVICER_MODULE = "pulumi.dynamic.__main__"
LAUNCHER = "pulumi-resource-pulumi-python"
ENGINE_GONE_EXIT_STATUS = 70


def servicer_module() -> ModuleType | None:
    """The running ``pulumi.dynamic`` server module, if this process is a dynamic provider."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return main if spec is not None and spec.name == SERVICER_MODULE else None


def engine_address(argv: list[str] | None = None) -> str | None:
    """The engine's gRPC address: the last argument the engine started this provider with."""
    args = sys.argv if argv is None else argv
    if len(args) < 2 or not re.fullmatch(r"[\w.\-\[\]:]+:\d+", args[-1]):
        return None
    return args[-1]


@dataclass(frozen=True)
class ProcessId:
    """A process, told apart from a later one with the same PID by its start time (where it can be read)."""

    pid: int
    started: str | None

    @classmethod
    def of(cls, pid: int) -> ProcessId:
        return cls(pid, _start_time(pid))

    def running(self) -> bool:
        """Whether this process still runs (a zombie counts as gone)."""
        stat = _proc_stat(self.pid)
        if stat is not None:
            return stat[0] not in ("Z", "X") and (self.started is None or stat[19] == self.started)
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _proc_stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (state first), None where there is no /proc entry."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def _start_time(pid: int) -> str | None:
    stat = _proc_stat(pid)
    return stat[19] if stat is not None and len(stat) > 19 else None


def _parent_and_command(pid: int) -> tuple[int, list[str]] | None:
    """The parent PID and the command line of ``pid``: from /proc, else from ``ps``."""
    stat = _proc_stat(pid)
    if stat is not None:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return None
        return int(stat[1]), cmdline
    with contextlib.suppress(OSError, ValueError, subprocess.SubprocessError):
        out = subprocess.run(["ps", "-o", "ppid=", "-o", "args=", "-p", str(pid)], capture_output=True, text=True,
                             timeout=10, check=True).stdout.split()
        return int(out[0]), out[1:]
    return None


def find_engine() -> ProcessId:
    """The engine's process: the parent of this process, skipping the SDK's launcher script."""
    parent = os.getppid()
    found = _parent_and_command(parent)
    if found is not None and any(Path(arg).name == LAUNCHER for arg in found[1][:2]):
        return ProcessId.of(found[0])
    return ProcessId.of(parent)


_ENGINE: list[ProcessId] = []
_LOCK = threading.Lock()


def engine() -> ProcessId | None:
    """The engine's process, found once; None outside a dynamic provider process."""
    if servicer_module() is None:
        return None
    with _LOCK:
        if not _ENGINE:
            _ENGINE.append(find_engine())
        return _ENGINE[0]


def leave_if_engine_gone() -> None:
    """Exit this provider process, leaving its builds running, when its engine no longer runs.

    ``os._exit`` skips the exit hook that would cancel them (:mod:`.server`).
    """
    found = engine()
    if found is None or found.running():
        return
    with contextlib.suppress(Exception):  # stderr is most likely a pipe to the dead CLI
        sys.stderr.write("the Pulumi engine is gone: leaving the image builds running for the next deployment\n")
        sys.stderr.flush()
    os._exit(ENGINE_GONE_EXIT_STATUS)
