"""The Arazzo documents that build images (``arazzo/documents/``), and which of their steps start and poll a build.

The create-image document is the published one, shipped byte-identical; each document is
validated against botocore's operations and read once per process. This module also owns
which CreateImage members go to the create-image document as workflow inputs: those its
``inputs`` schema lists. Every other member rides along as an extra CreateImage argument
(the runtime's one extension), so the document is run as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..arazzo.document import Workflow, load_document
from ..servicemodel import service_model


@dataclass(frozen=True)
class BuildDocument:
    """A document whose workflow starts one build at step ``start`` (output ``imageBuildVersionArn``) and polls
    it with GetImage at step ``poll``."""

    file: str
    workflow_id: str
    start: str
    poll: str

    def workflow(self) -> Workflow:
        """The document's workflow (immutable, read once per process)."""
        return _load(self.file, self.workflow_id)


CREATE_IMAGE = BuildDocument("amazon-ec2-image-builder-create-image-and-poll-workflow.yml", "create-image-and-poll",
                             start="createImage", poll="getImage")
START_PIPELINE = BuildDocument("amazon-ec2-image-builder-start-pipeline-and-poll-workflow.yml",
                               "start-pipeline-and-poll", start="startPipelineExecution", poll="getImage")
RETRY_IMAGE = BuildDocument("amazon-ec2-image-builder-retry-image-and-poll-workflow.yml", "retry-image-and-poll",
                            start="retryImage", poll="getImage")
DISTRIBUTE_IMAGE = BuildDocument("amazon-ec2-image-builder-distribute-image-and-poll-workflow.yml",
                                 "distribute-image-and-poll", start="distributeImage", poll="getImage")
DOCUMENTS = (CREATE_IMAGE, START_PIPELINE, RETRY_IMAGE, DISTRIBUTE_IMAGE)
"""Every document the package ships, each run by :func:`.run.run_build`."""


@lru_cache(maxsize=None)
def _load(file: str, workflow_id: str) -> Workflow:
    with resources.as_file(resources.files("imagebuild_resource") / "arazzo" / "documents" / file) as path:
        return load_document(path, operation_ids=service_model().operation_names).workflow(workflow_id)


def split_create_members(members: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(workflow inputs, extra CreateImage arguments)`` for a CreateImage request's members."""
    accepted = CREATE_IMAGE.workflow().inputs.get("properties") or {}
    inputs = {name: value for name, value in members.items() if name in accepted}
    extra = {name: value for name, value in members.items() if name not in accepted}
    return inputs, extra
