"""Engine tests need the Pulumi CLI of requirements.lock on PATH; without it they fail, never skip.

The CLI is the one the lock pins (``scripts/ensure-pulumi.sh`` builds it); the SDK in the running
virtualenv may be any of the supported range (the support matrix runs both ends), as users mix them.
"""

import pytest

from .harness import locked_cli_version, pulumi_version


@pytest.fixture(scope="session", autouse=True)
def pulumi_cli() -> str:
    """The Pulumi CLI, at the version requirements.lock pins."""
    wanted, found = locked_cli_version(), pulumi_version()
    if found != wanted:
        pytest.fail(f"engine tests need pulumi v{wanted} (requirements.lock) on PATH, found {found or 'none'}: "
                    "run scripts/ensure-pulumi.sh and source scripts/pulumi-env.sh (make test does both)")
    return found
