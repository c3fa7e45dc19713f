
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from imagebuild_resource.emulator import ImageBuilderService, validate_output

from ..conftest import TEST_TIME_SCALE


@pytest.fixture
def imagebuilder_service() -> Iterator[ImageBuilderService]:
    """The shared fixture's service, refusing requests signed for another region as AWS does."""
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, check_signing_region=True) as service:
        yield service
        violations = service.api.violations()
    assert not violations, f"responses that do not match the botocore output shapes: {violations}"


@pytest.fixture
def client(imagebuilder_client: Any):
    """``imagebuilder_client`` whose raw responses are each validated, client-side, against the output shape
    (errors: status, ``x-amzn-ErrorType`` and a ``message`` body); the test fails at teardown otherwise."""
    problems: list[str] = []

    def check(http_response: Any, model: Any, **_: Any) -> None:
        body = json.loads(http_response.content or b"{}")
        if http_response.status_code == 200:
            problems.extend(f"{model.name}: {p}" for p in validate_output(model.name, body))
        elif "x-amzn-errortype" not in {k.lower() for k in http_response.headers} or "message" not in body:
            problems.append(f"{model.name}: malformed error {http_response.status_code} {body}")

    imagebuilder_client.meta.events.register("after-call.imagebuilder", check)
    yield imagebuilder_client
    assert not problems, problems
