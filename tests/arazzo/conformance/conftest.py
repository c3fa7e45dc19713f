"""Fixtures for the conformance tests: a local API to run other Arazzo runners against."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import Api, local_api


@pytest.fixture
def api() -> Iterator[Api]:
    """A fresh local API (answers scripted by the test, requests recorded)."""
    with local_api() as served:
        yield served
