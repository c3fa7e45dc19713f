"""Run another Arazzo runner against a tiny local HTTP API, and report what it did.

The API is an OpenAPI 3.1 description of two GET operations, ``first`` and ``marker``,
each taking one free-form query parameter ``value`` and answering JSON. A test scripts
each operation's answers; the server records every request it gets, so the test sees
which steps a runner called and with what value. ``run_ours`` runs this project's
runtime on the same document and answers, for contrast.

Tools (installed by ``scripts/ensure-arazzo-tools.sh`` into ``.arazzo-tools/``):
``redocly respect`` from ``@redocly/cli`` and the ``arazzo-runner`` package in its own
virtual environment. A missing tool fails the test with the command that installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from imagebuild_resource.arazzo.document import parse_document
from imagebuild_resource.arazzo.errors import WorkflowError
from imagebuild_resource.arazzo.state import Response
from imagebuild_resource.arazzo.runner import RunResult, WorkflowRunner

ROOT = Path(__file__).resolve().parents[3]
TOOLS = ROOT / ".arazzo-tools"
INSTALL = "scripts/ensure-arazzo-tools.sh"

REDOCLY_VERSION = "2.77.0"
ARAZZO_RUNNER_VERSION = "0.9.6"

REDOCLY = TOOLS / "node_modules" / ".bin" / "redocly"
RUNNER_PYTHON = TOOLS / "arazzo-runner-venv" / "bin" / "python"
JENTIC_DRIVER = Path(__file__).with_name("jentic_driver.py")

OPERATIONS = ("first", "marker")
TOOL_TIMEOUT = 60


@dataclass
class Api:
    """Scripted answers per operation and the requests received, in order."""

    answers: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    url: str = ""

    def answer(self, operation: str, *replies: tuple[int, Any]) -> None:
        """Answer ``operation`` with ``replies`` in turn (the last one repeats)."""
        self.answers[operation] = list(replies)

    def calls(self, operation: str) -> list[dict[str, list[str]]]:
        """The query of each request ``operation`` got."""
        return [query for name, query in self.requests if name == operation]

    def reply(self, operation: str) -> tuple[int, Any]:
        replies = self.answers.get(operation) or [(200, {})]
        return replies.pop(0) if len(replies) > 1 else replies[0]


@contextmanager
def local_api() -> Iterator[Api]:
    """Serve :class:`Api` on a free loopback port for the duration of the block."""
    api = Api()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            parts = urlsplit(self.path)
            name = parts.path.strip("/")
            with lock:
                api.requests.append((name, parse_qs(parts.query, keep_blank_values=True)))
                status, body = api.reply(name) if name in OPERATIONS else (404, {"message": "no such path"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def openapi_document(url: str) -> dict[str, Any]:
    """An OpenAPI 3.1 description of the local API's operations."""
    response = {"description": "any JSON answer", "content": {"application/json": {"schema": {}}}}
    paths = {
        f"/{name}": {
            "get": {
                "operationId": name,
                "parameters": [{"name": "value", "in": "query", "required": False, "schema": {}}],
                "responses": {"200": response, "default": response},
            }
        }
        for name in OPERATIONS
    }
    return {"openapi": "3.1.0", "info": {"title": "local", "version": "1"}, "servers": [{"url": url}], "paths": paths}


def arazzo_document(steps: list[dict[str, Any]], *, inputs: Mapping[str, Any] | None = None,
                    outputs: Mapping[str, str] | None = None) -> dict[str, Any]:
    """An Arazzo 1.0.1 document with one workflow ``wf`` over the local API."""
    workflow: dict[str, Any] = {"workflowId": "wf", "steps": steps}
    if inputs is not None:
        workflow["inputs"] = dict(inputs)
    if outputs is not None:
        workflow["outputs"] = dict(outputs)
    return {
        "arazzo": "1.0.1",
        "info": {"title": "conformance", "version": "1"},
        "sourceDescriptions": [{"name": "api", "url": "openapi.json", "type": "openapi"}],
        "workflows": [workflow],
    }


def step(step_id: str, operation: str, value: Any = None, **members: Any) -> dict[str, Any]:
    """A step calling ``operation``, passing ``value`` (if given) as its query parameter."""
    written: dict[str, Any] = {"stepId": step_id, "operationId": operation}
    if value is not None:
        written["parameters"] = [{"name": "value", "in": "query", "value": value}]
    written.update(members)
    return written


def _write(directory: Path, api: Api, document: Mapping[str, Any]) -> Path:
    (directory / "openapi.json").write_text(json.dumps(openapi_document(api.url), indent=2))
    path = directory / "test.arazzo.yaml"
    path.write_text(yaml.safe_dump(dict(document), sort_keys=False))
    return path


def _require(tool: Path, what: str, needs: str) -> None:
    if not tool.exists():
        pytest.fail(f"{what} is not installed at {tool.relative_to(ROOT)}: run {INSTALL} (it needs {needs}).",
                    pytrace=False)


# --- Redocly Respect ---------------------------------------------------------------


@dataclass(frozen=True)
class RespectRun:
    """One ``redocly respect`` run: exit code, console text and its JSON report."""

    exit_code: int
    output: str
    report: dict[str, Any]

    @property
    def workflow(self) -> dict[str, Any]:
        [workflow] = next(iter(self.report["files"].values()))["executedWorkflows"]
        return workflow

    @property
    def passed(self) -> bool:
        return self.workflow["status"] == "success"

    def steps(self) -> list[dict[str, Any]]:
        """The executed steps in order (a ``goto`` shows as a nested workflow entry: flattened)."""
        def flat(entries: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for entry in entries:
                yield from flat(entry["executedSteps"]) if entry["type"] == "workflow" else [entry]
        return list(flat(self.workflow["executedSteps"]))

    @property
    def executed(self) -> list[str]:
        return [entry["stepId"] for entry in self.steps()]

    def status_of(self, step_id: str) -> str:
        [status] = [entry["status"] for entry in self.steps() if entry["stepId"] == step_id]
        return status

    def messages(self) -> str:
        """Every check message of the run, one a line."""
        return "\n".join(check["message"] for entry in self.steps() for check in entry.get("checks", []))


def run_respect(directory: Path, api: Api, document: Mapping[str, Any],
                inputs: Mapping[str, Any] | None = None) -> RespectRun:
    """Run ``redocly respect`` on ``document`` against ``api`` and read its JSON report."""
    _require(REDOCLY, f"Redocly CLI {REDOCLY_VERSION}", "npm")
    path = _write(directory, api, document)
    report = directory / "respect.json"
    command = [str(REDOCLY), "respect", str(path), "--json-output", str(report), "--max-fetch-timeout", "10000"]
    if inputs:
        command += ["--input", json.dumps(dict(inputs))]
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
    done = subprocess.run(command, cwd=directory, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    output = done.stdout + done.stderr
    if not report.exists():
        pytest.fail(f"redocly respect wrote no report (exit {done.returncode}):\n{output}", pytrace=False)
    return RespectRun(done.returncode, output, json.loads(report.read_text()))


# --- jentic arazzo-runner ----------------------------------------------------------


@dataclass(frozen=True)
class JenticRun:
    """One ``arazzo-runner`` run: its result's status, outputs, step outputs and error."""

    status: str
    outputs: dict[str, Any]
    step_outputs: dict[str, Any]
    error: str | None
    log: str

    @property
    def executed(self) -> list[str]:
        return list(self.step_outputs)


def run_jentic(directory: Path, api: Api, document: Mapping[str, Any],
               inputs: Mapping[str, Any] | None = None) -> JenticRun:
    """Run the jentic ``arazzo-runner`` library's ``execute_workflow`` on ``document`` against ``api``."""
    _require(RUNNER_PYTHON, f"arazzo-runner {ARAZZO_RUNNER_VERSION}", "python3 with venv and pip")
    path = _write(directory, api, document)
    command = [str(RUNNER_PYTHON), str(JENTIC_DRIVER), str(path), "wf", json.dumps(dict(inputs or {}))]
    done = subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    if done.returncode != 0:
        pytest.fail(f"the arazzo-runner driver failed (exit {done.returncode}):\n{done.stdout}{done.stderr}",
                    pytrace=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return JenticRun(result["status"], result["outputs"] or {}, result["step_outputs"] or {}, result["error"],
                     done.stderr)


def tool_versions() -> dict[str, str]:
    """The installed versions, to check against the pinned ones."""
    versions = {}
    package = TOOLS / "node_modules" / "@redocly" / "cli" / "package.json"
    if package.exists():
        versions["@redocly/cli"] = json.loads(package.read_text())["version"]
    if RUNNER_PYTHON.exists():
        done = subprocess.run([str(RUNNER_PYTHON), "-c", "import importlib.metadata as m; print(m.version('arazzo-runner'))"],
                              capture_output=True, text=True, timeout=TOOL_TIMEOUT)
        versions["arazzo-runner"] = done.stdout.strip()
    return versions


# --- this project's runtime, for contrast --------------------------------------------


@dataclass(frozen=True)
class OursRun:
    """This runtime on the same document and answers: the calls made, the result or the error."""

    calls: list[tuple[str, dict[str, Any]]]
    result: RunResult | None
    error: WorkflowError | None

    @property
    def executed(self) -> list[str]:
        return list(self.result.state.steps) if self.result else []


def run_ours(api: Api, document: Mapping[str, Any], inputs: Mapping[str, Any] | None = None) -> OursRun:
    """Run ``document`` with :class:`WorkflowRunner`, answering each call from ``api``'s script."""
    workflow = parse_document(dict(document)).workflow("wf")
    calls: list[tuple[str, dict[str, Any]]] = []

    def call(operation_id: str, arguments: Mapping[str, Any]) -> Response:
        calls.append((operation_id, dict(arguments)))
        status, body = api.reply(operation_id)
        return Response(status, body)

    try:
        return OursRun(calls, WorkflowRunner(workflow, call).run(dict(inputs or {})), None)
    except WorkflowError as exc:
        return OursRun(calls, None, exc)
