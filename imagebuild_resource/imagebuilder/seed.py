"""The seed workflow (``arazzo/``, byte-identical to the published document) and what it takes.

This module owns which CreateImage members go to the seed as workflow inputs: those its
``inputs`` schema lists. Every other member rides along as an extra CreateImage argument
(the runner's one extension), so the document is run as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from ..servicemodel import service_model
from ..arazzo.document import Workflow, load_document

SEED_FILE = "amazon-ec2-image-builder-create-image-and-poll-workflow.yml"
WORKFLOW_ID = "create-image-and-poll"
CREATE_STEP, POLL_STEP = "createImage", "getImage"


@lru_cache(maxsize=1)
def load_seed_workflow() -> Workflow:
    """The seed's workflow, validated against botocore's operations; read once per process (immutable)."""
    with resources.as_file(resources.files("imagebuild_resource") / "arazzo" / "documents" / SEED_FILE) as path:
        return load_document(path, operation_ids=service_model().operation_names).workflow(WORKFLOW_ID)


def split_create_members(members: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(workflow inputs, extra CreateImage arguments)`` for a CreateImage request's members."""
    accepted = load_seed_workflow().inputs.get("properties") or {}
    seed_inputs = {name: value for name, value in members.items() if name in accepted}
    extra = {name: value for name, value in members.items() if name not in accepted}
    return seed_inputs, extra
