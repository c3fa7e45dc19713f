
"""Fixtures of the local service's own tests: a fresh service per test, and clients for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imagebuilder_local import AdminClient, ImageBuilderService, validate_output

# Real seconds per modeled second in tests: a 45-minute build takes about 1.1 s.
TEST_TIME_SCALE = 0.0004


@pytest.fixture
def imagebuilder_service() -> Iterator[ImageBuilderService]:
    """The shared fixture's service, refusing requests signed for another region as AWS does."""
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, check_signing_region=True) as service:
        yield service
        violations = service.api.violations()
    assert not violations, f"responses that do not match the botocore output shapes: {violations}"


@pytest.fixture
def restartable_imagebuilder_service(tmp_path: Path) -> Iterator[ImageBuilderService]:
    """Like ``imagebuilder_service``, with a state file, so ``service.restart(down_seconds)`` stops it as a crash
    would and serves again on the same port with the builds (in progress ones go on)."""
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=str(tmp_path / "imagebuilder-state.json")) \
            as service:
        yield service
        violations = service.api.violations()
    assert not violations, f"responses that do not match the botocore output shapes: {violations}"


@pytest.fixture
def imagebuilder_client(imagebuilder_service: ImageBuilderService):
    """A boto3 ``imagebuilder`` client for the service (test credentials, us-east-1, no retries)."""
    return imagebuilder_service.client(connect_timeout=5, read_timeout=30)


@pytest.fixture
def imagebuilder_admin(imagebuilder_service: ImageBuilderService) -> AdminClient:
    """The service's :class:`AdminClient`."""
    return imagebuilder_service.admin


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
