"""The shipped workflow documents pass Redocly's lint and load in the jentic arazzo-runner, as in our runtime.

Both documents name their OpenAPI description ``../openapi/amazon-ec2-image-builder-openapi.yaml``,
which is not shipped; the arazzo-runner reads it when loading a document, so the test writes
one there, made from botocore's model for the operations the documents call.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagebuild_resource.imagebuilder.documents import CREATE_IMAGE, DOCUMENTS as SHIPPED
from imagebuild_resource.servicemodel import service_model
from imagebuild_resource.arazzo.document import Parameter

from .harness import REDOCLY, ROOT, RUNNER_PYTHON, TOOL_TIMEOUT, _require

DOCUMENTS = {document.file: document.workflow_id for document in SHIPPED}

LOAD = """
import json, sys
from arazzo_runner import ArazzoRunner
runner = ArazzoRunner.from_arazzo_path(sys.argv[1])
workflows = runner.arazzo_doc["workflows"]
print(json.dumps({w["workflowId"]: [s["stepId"] for s in w["steps"]] for w in workflows}))
"""


def openapi_for(operations: set[str]) -> dict[str, Any]:
    """An OpenAPI 3.1 description of ``operations``, with their methods and URIs from botocore's model."""
    model = service_model()
    paths: dict[str, Any] = {}
    for name in sorted(operations):
        http = model.operation_model(name).http
        members = model.operation_model(name).input_shape.members
        query = [{"name": m.serialization.get("name", k), "in": "query", "schema": {"type": "string"}}
                 for k, m in members.items() if m.serialization.get("location") == "querystring"]
        operation: dict[str, Any] = {"operationId": name, "responses": {"200": {"description": "OK"}}}
        if query:
            operation["parameters"] = query
        if http["method"] in ("PUT", "POST"):
            operation["requestBody"] = {"content": {"application/json": {"schema": {"type": "object"}}}}
        paths.setdefault(http["requestUri"].split("?")[0], {})[http["method"].lower()] = operation
    return {"openapi": "3.1.0", "info": {"title": "EC2 Image Builder", "version": "2019-12-02"},
            "servers": [{"url": "https://imagebuilder.us-east-1.amazonaws.com"}], "paths": paths}


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    """The shipped documents in ``tmp/arazzo/``, beside ``tmp/openapi/`` with the description they name."""
    folder = tmp_path / "arazzo"
    folder.mkdir()
    operations = set()
    for name in DOCUMENTS:
        shutil.copy(ROOT / "imagebuild_resource" / "arazzo" / "documents" / name, folder / name)
        document = yaml.safe_load((folder / name).read_text())
        operations |= {s["operationId"] for w in document["workflows"] for s in w["steps"]}
    (tmp_path / "openapi").mkdir()
    (tmp_path / "openapi" / "amazon-ec2-image-builder-openapi.yaml").write_text(yaml.safe_dump(openapi_for(operations)))
    return folder


@pytest.mark.parametrize("name", DOCUMENTS)
def test_redocly_lints_the_document_clean(documents, name):
    _require(REDOCLY, "Redocly CLI", "npm")
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
    done = subprocess.run([str(REDOCLY), "lint", name, "--format", "json"], cwd=documents, env=env,
                          capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout[done.stdout.index("{"):])
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, report


@pytest.mark.parametrize("name, workflow_id", DOCUMENTS.items())
def test_the_arazzo_runner_loads_the_document_with_its_steps(documents, name, workflow_id):
    _require(RUNNER_PYTHON, "arazzo-runner", "python3 with venv and pip")
    done = subprocess.run([str(RUNNER_PYTHON), "-c", LOAD, str(documents / name)], capture_output=True, text=True,
                          timeout=TOOL_TIMEOUT)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    ours = next(document for document in SHIPPED if document.file == name).workflow().steps
    assert steps == {workflow_id: [step.step_id for step in ours]}


@pytest.mark.parametrize("document", [d for d in SHIPPED if d is not CREATE_IMAGE], ids=lambda d: d.workflow_id)
def test_every_other_workflow_polls_exactly_as_the_seed_does(document):
    seed, other = CREATE_IMAGE.workflow(), document.workflow()
    reads_the_started_build = (Parameter("imageBuildVersionArn", "query",
                                         f"$steps.{document.start}.outputs.imageBuildVersionArn"),)
    assert [step.step_id for step in other.steps] == [document.start, document.poll]
    assert other.steps[1] == dataclasses.replace(seed.steps[1], parameters=reads_the_started_build)
    assert set(other.outputs) == set(seed.outputs) == {"imageBuildVersionArn", "finalStatus", "finalReason"}
