"""The pulumi-aws-style API under the real CLI: both constructor forms, nested inputs in every form, typed amis.

What the engine hands the provider is what these check: a nested Args object reaches
check() as the snake_case dict the resource sends it as; one inside an Output as the SDK
serializes it (its getters' camelCase names); a dict as written. The state holds one form.
"""

from __future__ import annotations

import json

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_PIPELINE_ARN

from .harness import IMAGEBUILD_TYPE, Project
from .test_errors import assert_readable

pytestmark = pytest.mark.e2e

PIPELINEBUILD_TYPE = "pulumi-python:dynamic/imagebuilder:PipelineBuild"
WORKFLOW = "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2/1"
ROLE = "arn:aws:iam::123456789012:role/ImageBuilderWorkflows"
LOG_GROUP = "/aws/imagebuilder/native-api"
STORED = {  # the API's form, whichever form the program wrote
    "imageTestsConfiguration": {"imageTestsEnabled": True, "timeoutMinutes": 90},
    "loggingConfiguration": {"logGroupName": LOG_GROUP},
    "workflows": [{"workflowArn": WORKFLOW, "parameters": [{"name": "greeting", "value": ["hello"]}]}],
}

PROGRAM = f"""
import pulumi
from imagebuild_resource import (ImageBuild, ImageBuildArgs, ImageBuildImageTestsConfigurationArgs,
                                 ImageBuildLoggingConfigurationArgs, ImageBuildWorkflowArgs,
                                 ImageBuildWorkflowParameterArgs, PipelineBuild)

config = pulumi.Config("e2e")
form = config.require("form")
timeout = config.get_int("timeout") or 90
if form == "args":
    nested = dict(
        image_tests_configuration=ImageBuildImageTestsConfigurationArgs(image_tests_enabled=True,
                                                                        timeout_minutes=timeout),
        logging_configuration=ImageBuildLoggingConfigurationArgs(log_group_name="{LOG_GROUP}"),
        workflows=[ImageBuildWorkflowArgs(workflow_arn="{WORKFLOW}", parameters=[
            ImageBuildWorkflowParameterArgs(name="greeting", value=["hello"])])],
    )
elif form == "output":  # Args objects inside Outputs: the SDK serializes them itself
    group = pulumi.Output.from_input("{LOG_GROUP}")
    nested = dict(
        image_tests_configuration=group.apply(lambda _: ImageBuildImageTestsConfigurationArgs(
            image_tests_enabled=True, timeout_minutes=timeout)),
        logging_configuration=group.apply(lambda name: ImageBuildLoggingConfigurationArgs(log_group_name=name)),
        workflows=[group.apply(lambda _: ImageBuildWorkflowArgs(workflow_arn="{WORKFLOW}", parameters=[
            ImageBuildWorkflowParameterArgs(name="greeting", value=["hello"])]))],
    )
elif form == "snake":
    nested = dict(
        image_tests_configuration={{"image_tests_enabled": True, "timeout_minutes": timeout}},
        logging_configuration={{"log_group_name": "{LOG_GROUP}"}},
        workflows=[{{"workflow_arn": "{WORKFLOW}", "parameters": [{{"name": "greeting", "value": ["hello"]}}]}}],
    )
else:
    nested = dict(
        image_tests_configuration={{"imageTestsEnabled": True, "timeoutMinutes": timeout}},
        logging_configuration={{"logGroupName": "{LOG_GROUP}"}},
        workflows=[{{"workflowArn": "{WORKFLOW}", "parameters": [{{"name": "greeting", "value": ["hello"]}}]}}],
    )
common = dict(image_recipe_arn=config.require("recipe"), infrastructure_configuration_arn=config.require("infra"),
              execution_role="{ROLE}", poll_min_seconds=0.2, poll_max_seconds=1, **nested)
if config.get("constructor") == "keywords":
    image = ImageBuild("img", opts=pulumi.ResourceOptions(), **common)
else:
    image = ImageBuild("img", ImageBuildArgs(**common), pulumi.ResourceOptions())
pulumi.export("amiId", image.ami_id)
pulumi.export("firstAmi", image.amis.apply(lambda amis: [type(amis[0]).__name__, amis[0].image_id,
                                                          amis[0].region, amis[0]["imageId"]]))
if config.get_bool("pipeline"):
    run = PipelineBuild("run", image_pipeline_arn=config.require("pipelineArn"), triggers={{"release": "1"}},
                        poll_min_seconds=0.2, poll_max_seconds=1)
    pulumi.export("runAmiId", run.ami_id)
"""


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    project = Project.create(tmp_path / "native", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    return project


def stored_inputs(project: Project, type_: str = IMAGEBUILD_TYPE) -> dict:
    (resource,) = project.resources(type_)
    return resource["inputs"]


def image_step(project: Project) -> dict:
    """The ImageBuild's step of ``preview --json`` (``same`` when it has none: unchanged steps are left out)."""
    steps = json.loads(project.run("preview", "--json").stdout).get("steps") or []
    return next((s for s in steps if s["urn"].endswith(f"{IMAGEBUILD_TYPE}::img")), {"op": "same"})


@pytest.mark.parametrize("constructor", ["args", "keywords"])
def test_both_constructor_forms_build_and_amis_entries_are_typed(project, imagebuilder_service, constructor):
    project.set_config("e2e:constructor", constructor)
    project.set_config("e2e:form", "snake")
    project.set_config("e2e:pipeline", "true")
    project.set_config("e2e:pipelineArn", DEMO_PIPELINE_ARN)
    project.up()
    outputs = project.outputs()
    assert outputs["amiId"].startswith("ami-") and outputs["runAmiId"].startswith("ami-")
    assert outputs["firstAmi"] == ["Ami", outputs["amiId"], "us-east-1", outputs["amiId"]]
    inputs = stored_inputs(project)
    assert {name: inputs[name] for name in STORED} == STORED
    assert inputs["imageRecipeArn"] == DEMO_IMAGE_RECIPE_ARN and inputs["executionRole"] == ROLE
    run = stored_inputs(project, PIPELINEBUILD_TYPE)
    assert run["imagePipelineArn"] == DEMO_PIPELINE_ARN and run["triggers"] == {"release": "1"}
    image = imagebuilder_service.client().get_image(imageBuildVersionArn=project.resources()[0]["id"])["image"]
    assert image["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 90}
    assert image["loggingConfiguration"] == {"logGroupName": LOG_GROUP}


@pytest.mark.parametrize("first", ["args", "camel"])
def test_every_form_is_stored_in_the_apis_form_and_a_switch_of_form_is_no_change(project, first):
    project.set_config("e2e:form", first)
    project.up()
    inputs = stored_inputs(project)
    assert {name: inputs[name] for name in STORED} == STORED
    for form in ("snake", "camel", "output", "args"):
        project.set_config("e2e:form", form)
        project.set_config("e2e:constructor", "keywords" if form == "snake" else "args")
        step = image_step(project)
        assert step["op"] == "same", (form, step)
        text = project.run("preview", "--diff").stdout
        assert "imageTestsConfiguration" not in text and "image_tests_configuration" not in text, (form, text)
    project.set_config("e2e:timeout", "120")  # a real change still shows, in the API's names
    step = image_step(project)
    assert step["op"] == "replace" and step["replaceReasons"] == ["imageTestsConfiguration"], step


@pytest.mark.parametrize("form, path", [
    ("snake", "image_tests_configuration.timeout_minutes"),
    ("args", "image_tests_configuration.timeout_minutes"),
    ("camel", "imageTestsConfiguration.timeoutMinutes"),
])
def test_a_bad_nested_input_names_the_path_as_written_without_a_traceback(project, imagebuilder_service, form, path):
    project.set_config("e2e:form", form)
    project.set_config("e2e:timeout", "30")
    result = project.run("preview", check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    assert_readable(text)
    assert f"property {path} value" in text and "has a problem: expected an integer from 60 to 1440, got 30" in text, \
        text
    assert imagebuilder_service.admin.counters().get("CreateImage", {}).get("calls", 0) == 0


def test_a_member_given_in_both_forms_is_refused_naming_both(project):
    project.set_config("e2e:form", "camel")
    project.write_program(PROGRAM.replace('{"imageTestsEnabled": True,',
                                          '{"imageTestsEnabled": True, "image_tests_enabled": False,'))
    result = project.run("preview", check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    assert_readable(text)
    assert ("property image_tests_configuration.imageTestsEnabled value {<nil>} has a problem: is given twice, as "
            "imageTestsEnabled and image_tests_enabled: expected one of them") in text, text
