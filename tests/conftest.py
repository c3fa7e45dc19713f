"""Shared fixtures: a fresh local Image Builder service per test, and clients for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from imagebuilder_local import AdminClient, ImageBuilderService

# Real seconds per modeled second in tests: a 45-minute build takes about 1.1 s.
TEST_TIME_SCALE = 0.0004


@pytest.fixture
def imagebuilder_service() -> Iterator[ImageBuilderService]:
    """A started service (SigV4, demo catalog, fast clock); fails the test if any response broke its output shape."""
    with ImageBuilderService(time_scale=TEST_TIME_SCALE) as service:
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
