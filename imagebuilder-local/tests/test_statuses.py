"""The service's status vocabulary against botocore's model and the words of its documentation."""

from __future__ import annotations

import re

from imagebuilder_local import statuses
from imagebuilder_local.scenarios import STAGE_NAMES

from .helpers import MODEL


def _codes(html: str) -> list[str]:
    return re.findall(r"<code>([A-Z_]+)</code>", html)


def test_image_statuses_are_the_models_enum_sorted_as_its_documentation_sorts_them():
    assert statuses.IMAGE_STATUSES == tuple(MODEL.shape_for("ImageStatus").enum)
    documented = MODEL.shape_for("ImageState").members["status"].documentation
    ends, managed = _codes(documented.split("ends in the", 1)[1].split("state.", 1)[0]), _codes(
        documented.split("state.", 1)[1])
    assert statuses.BUILD_ENDS == tuple(ends) == ("AVAILABLE", "FAILED", "CANCELLED")
    assert statuses.MANAGED == tuple(managed) == ("DEPRECATED", "DISABLED", "DELETED")
    assert set(statuses.IN_PROGRESS) | set(statuses.BUILD_ENDS) | set(statuses.MANAGED) == set(statuses.IMAGE_STATUSES)


def test_terminal_is_what_start_resource_state_update_documents_plus_deleted():
    documented = MODEL.operation_model("StartResourceStateUpdate").input_shape.members["resourceArn"].documentation
    listed = re.search(r"terminal states: (.*?)\.", documented).group(1)
    assert set(re.findall(r"[A-Z]{4,}", listed)) == statuses.TERMINAL - {"DELETED"}
    assert not any(statuses.is_in_progress(s) for s in statuses.TERMINAL)
    assert all(statuses.is_in_progress(s) for s in statuses.IN_PROGRESS)


def test_a_build_passes_through_every_in_progress_status_in_the_models_order():
    assert STAGE_NAMES == statuses.IN_PROGRESS
