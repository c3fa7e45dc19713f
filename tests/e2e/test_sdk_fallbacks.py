"""On every SDK of the range, under the real CLI: errors read the same, and a missing internal is said once.

SDKs before 3.260.0 have no module-global ``traceback`` in the servicer (see the table in
tests/provider/test_engine_guards.py); there gRPC's handler lookup reports this package's errors,
so they read as their message alone too and nothing is said. Where an internal really is missing
in the provider process, the stack's row gets one warning. The support matrix runs this file on
both ends of the range.
"""

from __future__ import annotations

import pytest

from imagebuilder_local import DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

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


def stack_row(output: str) -> list[str]:
    return next(lines for heading, lines in diagnostics(output).items() if heading.startswith("pulumi:pulumi:Stack"))


def test_on_this_sdk_errors_read_as_their_message_alone_and_nothing_is_said(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "errors", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:failing", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    result = project.up(check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and WARNING not in output, output
    (bad,) = (lines for heading, lines in diagnostics(result.stdout).items() if heading.endswith("(bad)"))
    assert any(line.startswith("error: image build FAILED: Image Tests Failure") for line in bad), bad
    assert stack_row(result.stdout) == ["error: update failed"]


WITHOUT_EXIT_HOOK = """
import threading

import pulumi
import pulumi.dynamic

from imagebuild_resource import ImageBuild, ImageBuildArgs


class Probe(pulumi.dynamic.ResourceProvider):
    def configure(self, req):  # in the provider process, before any ImageBuild's: a CPython without the hook
        if hasattr(threading, "_register_atexit"):
            del threading._register_atexit

    def create(self, props):
        return pulumi.dynamic.CreateResult("probe", {})


class ProbeResource(pulumi.dynamic.Resource):
    def __init__(self, name):
        super().__init__(Probe(), name, {}, None)


probe = ProbeResource("probe")
config = pulumi.Config("e2e")
for name in ("one", "two"):
    ImageBuild(name, ImageBuildArgs(image_recipe_arn=config.require("recipe"),
                                    infrastructure_configuration_arn=config.require("infra"),
                                    poll_min_seconds=0.2, poll_max_seconds=1),
               pulumi.ResourceOptions(depends_on=[probe]))
"""


def test_a_missing_internal_is_said_once_on_the_stacks_row(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "no-exit-hook", imagebuilder_service.endpoint_url, WITHOUT_EXIT_HOOK)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    result = project.up()
    assert "4 created" in result.stdout, result.stdout  # the stack, the probe and both builds
    warnings = [line for line in stack_row(result.stdout) if line.startswith(WARNING)]
    assert len(warnings) == 1, result.stdout  # one provider process, two ImageBuilds: one warning
    assert any(line.startswith("- without CPython's threading._register_atexit: a provider that exits leaves its "
                               "builds running") for line in stack_row(result.stdout)), result.stdout


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
