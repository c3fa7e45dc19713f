"""A local EC2 Image Builder service (emulator) speaking the real REST-JSON protocol.

Start it in-process with :class:`ImageBuilderService` or as
``python -m imagebuilder_local``; drive it with :class:`AdminClient`.
It needs botocore and werkzeug, which its distribution installs (``pip install imagebuilder-local``).
"""

try:
    import werkzeug  # noqa: F401
except ModuleNotFoundError as missing:
    raise ModuleNotFoundError("the local Image Builder service needs werkzeug, which its distribution installs: "
                              "pip install imagebuilder-local", name=missing.name) from None

from .admin_client import AdminClient
from .auth import TEST_ACCESS_KEY, TEST_SECRET_KEY
from .catalog_documents import (
    DEMO_ACCOUNT,
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_DISABLED_PIPELINE_ARN,
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_FAILS_DISTRIBUTION_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
    DEMO_PIPELINE_ARN,
    DEMO_OTHER_REGION,
    DEMO_REGION,
    DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
    demo_arn_in,
)
from .errors import AdminError
from .scenarios import BuildTimeline
from .server import DEFAULT_TIME_SCALE, ImageBuilderService
from .validation import validate_output

__all__ = [
    "AdminClient",
    "AdminError",
    "BuildTimeline",
    "DEFAULT_TIME_SCALE",
    "DEMO_ACCOUNT",
    "DEMO_CONTAINER_RECIPE_ARN",
    "DEMO_DISABLED_PIPELINE_ARN",
    "DEMO_FAILS_AT_TEST_RECIPE_ARN",
    "DEMO_FAILS_DISTRIBUTION_RECIPE_ARN",
    "DEMO_HANGS_RECIPE_ARN",
    "DEMO_IMAGE_RECIPE_ARN",
    "DEMO_INFRASTRUCTURE_ARN",
    "DEMO_MULTI_REGION_DISTRIBUTION_ARN",
    "DEMO_PIPELINE_ARN",
    "DEMO_OTHER_REGION",
    "DEMO_REGION",
    "DEMO_SINGLE_REGION_DISTRIBUTION_ARN",
    "demo_arn_in",
    "ImageBuilderService",
    "TEST_ACCESS_KEY",
    "TEST_SECRET_KEY",
    "validate_output",
]
