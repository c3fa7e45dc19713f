"""Engine tests need the pinned Pulumi CLI on PATH; without it they fail, never skip."""

from importlib.metadata import version

import pytest

from .harness import pulumi_version


@pytest.fixture(scope="session", autouse=True)
def pulumi_cli() -> str:
    """The Pulumi CLI, at the same version as the pinned Python SDK."""
    wanted, found = version("pulumi"), pulumi_version()
    if found != wanted:
        pytest.fail(f"engine tests need pulumi v{wanted} on PATH, found {found or 'none'}: "
                    "run scripts/ensure-pulumi.sh and source scripts/pulumi-env.sh (make test does both)")
    return found
