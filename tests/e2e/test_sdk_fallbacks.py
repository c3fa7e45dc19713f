"""On every SDK of the range, under the real CLI: the warning for a missing internal lands once on the stack's row.

On SDKs older than 3.260.0 the servicer has no module-global ``traceback`` (see the table in
tests/provider/test_engine_guards.py): errors keep gRPC's wording and the stack's row says so
once. Where every internal holds, nothing is said. The support matrix runs this file on both
ends of the range.
"""

from __future__ import annotations

from importlib.metadata import version

import pytest
from packaging.version import Version

from imagebuilder_local import DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from ..provider.test_engine_guards import ERROR_TEXT_SINCE
from .harness import Project

pytestmark = pytest.mark.e2e

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
for name, recipe in (("good", config.require("recipe")), ("bad", config.require("failing"))):
    ImageBuild(name, ImageBuildArgs(image_recipe_arn=recipe, infrastructure_configuration_arn=config.require("infra"),
                                    poll_min_seconds=0.2, poll_max_seconds=1))
"""

WARNING = "warning: imagebuild-resource: Pulumi SDK "


def diagnostics(output: str) -> dict[str, list[str]]:
    """The Diagnostics section of ``pulumi up``: its lines under each row's heading."""
    rows: dict[str, list[str]] = {}
    heading = None
    for line in output.split("\nDiagnostics:\n", 1)[-1].split("\nResources:\n", 1)[0].splitlines():
        if line.startswith("  ") and not line.startswith("    ") and line.rstrip().endswith(":"):
            heading = line.strip().rstrip(":")
            rows[heading] = []
        elif heading is not None and line.strip():
            rows[heading].append(line.strip())
    return rows


def test_the_stack_row_says_once_what_this_sdk_lacks_and_errors_stay_readable(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "fallbacks", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:failing", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    result = project.up(check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    rows = diagnostics(result.stdout)
    stack = next(lines for heading, lines in rows.items() if heading.startswith("pulumi:pulumi:Stack"))
    (bad,) = (lines for heading, lines in rows.items() if heading.endswith("(bad)"))
    warnings = [line for line in stack if line.startswith(WARNING)]
    sdk = Version(version("pulumi"))
    if sdk < ERROR_TEXT_SINCE:
        assert warnings == [f"{WARNING}{sdk} lacks what some features of the provider rely on; they work as the SDK "
                            "does:"], stack
        assert "- without pulumi.dynamic's module-global traceback: errors read as gRPC words them, after " \
               "'Exception calling application: '" in stack, stack
        assert any(line.startswith("error: Exception calling application: image build FAILED: Image Tests Failure")
                   for line in bad), bad
    else:
        assert warnings == [], stack
        assert any(line.startswith("error: image build FAILED: Image Tests Failure") for line in bad), bad
    assert output.count(WARNING) == 2 * len(warnings)  # the row as it updates, and Diagnostics: never per resource


WITHOUT_LOG_RPC = """
import pulumi
import pulumi.dynamic


class Probe(pulumi.dynamic.ResourceProvider):
    def create(self, props):
        from imagebuild_resource.engine import log

        log._engine_stub = lambda: None  # as where the engine's address cannot be found
        log.log_to_stack("imagebuild-resource: a line without the Log RPC")
        return pulumi.dynamic.CreateResult("probe", {})


class ProbeResource(pulumi.dynamic.Resource):
    def __init__(self, name):
        super().__init__(Probe(), name, {}, None)


ProbeResource("probe")
"""


def test_without_the_log_rpc_the_stack_rows_line_goes_through_pulumi_log(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "no-log-rpc", imagebuilder_service.endpoint_url, WITHOUT_LOG_RPC)
    rows = diagnostics(project.up().stdout)
    stack = next(lines for heading, lines in rows.items() if heading.startswith("pulumi:pulumi:Stack"))
    assert stack == ["warning: imagebuild-resource: a line without the Log RPC"], rows
