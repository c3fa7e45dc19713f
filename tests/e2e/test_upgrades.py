"""Stacks deployed by earlier releases keep working under the current code and the real CLI.

Each release's fixture (``tests/upgrade/fixtures/VERSION``) is a stack that release deployed:
its exported state, its program and the local service's state file with its builds. Imported
into a new stack beside a service started from that state file, it must preview with no
change, refresh, update a tag in place and destroy. The state records the default provider's
config, the endpoint of the service the fixture was made with among it (refresh uses it, as
Pulumi does), so the import points it at this test's service.
"""

from __future__ import annotations

import json

import pytest

from imagebuilder_local import ImageBuilderService

from ..upgrade.releases import FIXTURES, RELEASES, copy_service_state
from .harness import Project

pytestmark = pytest.mark.e2e

DYNAMIC = "pulumi-python:dynamic/imagebuilder:"
FIXTURE_ENDPOINT = "http://127.0.0.1:4611"
"""The local service's endpoint when the fixtures were made, in the default provider's recorded config."""


@pytest.fixture(params=RELEASES)
def upgraded(request, tmp_path):
    """``(project, service)``: the release's stack imported into a new project, its builds in the service."""
    release = request.param
    fixture = FIXTURES / release
    with ImageBuilderService(time_scale=0.0004, state_file=copy_service_state(release, tmp_path)) as service:
        project = Project.create(tmp_path / "project", service.endpoint_url, (fixture / "__main__.py").read_text(),
                                 name="upgrade-fixture", stack="fixture")
        project.env["PULUMI_CONFIG_PASSPHRASE"] = "e2e-local-only"
        exported = tmp_path / "stack.json"
        exported.write_text((fixture / "stack.json").read_text().replace(FIXTURE_ENDPOINT, service.endpoint_url))
        project.run("stack", "import", "--file", str(exported))
        yield project, service


def builds(project: Project) -> dict[str, dict]:
    """The stack's dynamic resources by name, as ``pulumi stack export --show-secrets`` shows them."""
    state = json.loads(project.run("stack", "export", "--show-secrets").stdout)
    return {r["urn"].rsplit("::", 1)[1]: r for r in state["deployment"].get("resources") or [] if r["type"].startswith(DYNAMIC)}


def calls(service, operation: str) -> int:
    return service.admin.counters().get(operation, {}).get("calls", 0)


def test_an_earlier_release_stack_previews_refreshes_retags_and_destroys(upgraded):
    project, service = upgraded
    before = builds(project)
    assert set(before) == {"app-image", "pipeline-run"}

    steps = project.preview_steps()
    changed = [step for step in steps if step["op"] not in ("same", "read")]
    assert not changed, changed
    assert calls(service, "GetImage") == 0 and calls(service, "CreateImage") == 0  # preview calls nothing

    refreshed = project.run("refresh", "--yes", "--skip-preview")
    assert "error" not in refreshed.stdout.lower(), refreshed.stdout
    after = builds(project)
    for name, resource in before.items():
        for key in ("imageBuildVersionArn", "finalStatus", "amis", "amiId", "tags"):
            assert after[name]["outputs"][key] == resource["outputs"][key], (name, key)

    project.set_config("fixture:team", "infra")
    updated = project.up()
    assert "2 updated" in updated.stdout, updated.stdout
    assert calls(service, "CreateImage") == 0 and calls(service, "StartImagePipelineExecution") == 0
    client = service.client()
    for resource in builds(project).values():
        assert resource["id"] == before[resource["urn"].rsplit("::", 1)[1]]["id"]  # the same builds, retagged
        tags = client.get_image(imageBuildVersionArn=resource["id"])["image"]["tags"]
        assert tags["team"] == "infra"

    project.run("destroy", "--yes", "--skip-preview")
    assert builds(project) == {}
    for resource in before.values():
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.get_image(imageBuildVersionArn=resource["id"])


REWRITTEN = '''
import pulumi

from imagebuild_resource import ImageBuild, ImageBuildImageTestsConfigurationArgs, PipelineBuild

config = pulumi.Config("fixture")
image = ImageBuild("app-image",
    image_recipe_arn="arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0",
    infrastructure_configuration_arn="arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra",
    distribution_configuration_arn="arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/demo-multi-region",
    image_tests_configuration=ImageBuildImageTestsConfigurationArgs(image_tests_enabled=True, timeout_minutes=90),
    tags={"team": config.get("team") or "platform"},
    poll_min_seconds=0.2,
    poll_max_seconds=1)
run = PipelineBuild("pipeline-run",
    image_pipeline_arn="arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/demo-pipeline",
    triggers={"release": "1"},
    tags={"team": config.get("team") or "platform"},
    poll_min_seconds=0.2,
    poll_max_seconds=1)
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("amiId", image.ami_id)
pulumi.export("amis", image.amis)
pulumi.export("pipelineImageBuildVersionArn", run.image_build_version_arn)
pulumi.export("pipelineAmiId", run.ami_id)
'''
"""The fixture's program as this release's README writes it: keyword arguments and a nested Args object."""


def test_an_earlier_release_stack_rewritten_in_the_keyword_form_with_args_objects_previews_with_no_change(upgraded):
    project, service = upgraded
    project.write_program(REWRITTEN)
    steps = project.preview_steps()
    changed = [step for step in steps if step["op"] not in ("same", "read")]
    assert not changed, changed
    text = project.run("preview", "--diff").stdout
    assert "imageTestsConfiguration" not in text and "amis" not in text, text
    assert calls(service, "CreateImage") == 0
