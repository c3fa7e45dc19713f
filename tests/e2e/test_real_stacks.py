"""Real stacks: inputs computed by other resources, secrets, and progress on the resource's own row.

pulumi_aws's plugin cannot be fetched here, so a small dynamic resource in the program
stands in for the resources (recipe, infrastructure configuration, workflow, log group)
that would compute ImageBuild's inputs. Its outputs are computed at create time, so in a
preview of a new or replaced producer they are not known yet, exactly as an
``aws.imagebuilder.ImageRecipe(...).arn`` would not be.
"""

from __future__ import annotations

import json
import re

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from imagebuild_resource.imagebuilder.identity import user_tags

from .harness import IMAGEBUILD_TYPE, Project

pytestmark = pytest.mark.e2e

SECRET = "s3cr3t-tag-value"
RECIPE_V2 = DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023/1.0.0", "demo-al2023-next/2.0.0")

PROGRAM = f"""
import pulumi
import pulumi.dynamic
from imagebuild_resource import ImageBuild, ImageBuildArgs


class ProducerProvider(pulumi.dynamic.ResourceProvider):
    \"\"\"Computes its outputs at create time, as aws.imagebuilder.ImageRecipe computes its arn.\"\"\"

    def create(self, props):
        return pulumi.dynamic.CreateResult(f"producer-{{props['generation']}}", {{
            **props,
            "recipeArn": props["recipe"],
            "infraArn": props["infra"],
            "team": "platform-" + props["generation"],
            "workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2/1",
            "workflowRole": "arn:aws:iam::123456789012:role/ImageBuilderWorkflows",
            "parameterValue": "value-" + props["generation"],
            "logGroupName": "/aws/imagebuilder/app-" + props["generation"],
            "timeoutMinutes": 90,
        }})

    def diff(self, _id, olds, news):
        changed = [k for k in ("generation", "recipe") if olds.get(k) != news.get(k)]
        return pulumi.dynamic.DiffResult(changes=bool(changed), replaces=changed)

    def update(self, _id, _olds, news):
        return pulumi.dynamic.UpdateResult(news)


class Producer(pulumi.dynamic.Resource):
    def __init__(self, name, generation, recipe, infra):
        super().__init__(ProducerProvider(), name, {{
            "generation": generation, "recipe": recipe, "infra": infra,
            "recipeArn": None, "infraArn": None, "team": None, "workflowArn": None, "workflowRole": None,
            "parameterValue": None, "logGroupName": None, "timeoutMinutes": None}})


config = pulumi.Config("e2e")
producer = Producer("recipe", config.require("generation"), config.require("recipe"), config.require("infra"))
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=producer.recipeArn,
    infrastructure_configuration_arn=producer.infraArn,
    workflows=[{{"workflowArn": producer.workflowArn,
                 "parameters": [{{"name": "greeting", "value": [producer.parameterValue]}}]}}],
    execution_role=producer.workflowRole,  # workflows need one (botocore's model: "you must also provide an executionRole")
    logging_configuration={{"logGroupName": producer.logGroupName}},
    image_tests_configuration={{"imageTestsEnabled": True, "timeoutMinutes": producer.timeoutMinutes}},
    tags={{"team": producer.team, "token": pulumi.Output.secret("{SECRET}")}},
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("amiId", image.ami_id)
"""


def calls(service, operation: str | None = None) -> int:
    counters = service.admin.counters()
    if operation is None:
        return sum(counter.get("calls", 0) for counter in counters.values())
    return counters.get(operation, {}).get("calls", 0)


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    imagebuilder_service.admin.add_catalog({"imageRecipes": [{
        "name": "demo-al2023-next", "version": "2.0.0", "platform": "Linux",
        "parentImage": "arn:aws:imagebuilder:${region}:aws:image/amazon-linux-2023-x86/x.x.x",
        "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}]}]})
    project = Project.create(tmp_path / "stack", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:generation", "1")
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    return project


def image_step(steps: list[dict]) -> dict:
    (step,) = [s for s in steps if s.get("urn", "").endswith(f"{IMAGEBUILD_TYPE}::img")]
    return step


def test_inputs_computed_by_another_resource_preview_deploy_and_replace(project, imagebuilder_service):
    # First deployment: every input below is unknown in preview.
    preview = project.run("preview", "--json")
    step = image_step(json.loads(preview.stdout)["steps"])
    assert step["op"] == "create"
    assert calls(imagebuilder_service) == 0

    project.up()
    out = project.outputs()
    assert out["amiId"].startswith("ami-")
    (build,) = imagebuilder_service.admin.builds()
    image = imagebuilder_service.client().get_image(imageBuildVersionArn=out["imageBuildVersionArn"])["image"]
    assert user_tags(image["tags"]) == {"team": "platform-1", "token": SECRET}
    assert image["tags"]["imagebuild:stack"] == "e2e/test"
    assert image["loggingConfiguration"] == {"logGroupName": "/aws/imagebuilder/app-1"}
    assert image["workflows"][0]["parameters"] == [{"name": "greeting", "value": ["value-1"]}]
    assert image["imageTestsConfiguration"]["timeoutMinutes"] == 90

    # The pull-request case: the producer is replaced, so its outputs are unknown again.
    project.set_config("e2e:generation", "2")
    project.set_config("e2e:recipe", RECIPE_V2)
    before = calls(imagebuilder_service)
    steps = json.loads(project.run("preview", "--json").stdout)["steps"]
    step = image_step(steps)
    assert step["op"] == "replace", step
    assert {"imageRecipeArn", "infrastructureConfigurationArn", "workflows", "loggingConfiguration",
            "imageTestsConfiguration"} <= set(step["replaceReasons"])
    assert calls(imagebuilder_service) == before  # preview makes no Image Builder call
    text = project.run("preview", "--diff").stdout
    assert "Traceback" not in text and "has a problem" not in text

    project.up()
    new = project.outputs()
    assert new["imageBuildVersionArn"] != out["imageBuildVersionArn"]
    assert new["imageBuildVersionArn"].startswith(RECIPE_V2.replace("image-recipe", "image").replace(
        "demo-al2023-next/2.0.0", "demo-al2023-next/2.0.0/"))
    assert calls(imagebuilder_service, "CreateImage") == 2 and calls(imagebuilder_service, "DeleteImage") == 1


def events_of(result) -> list[dict]:
    """The engine events ``pulumi up --json`` streams, one JSON object per line."""
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_a_secret_tag_stays_secret_in_the_state_and_the_outputs(project):
    result = project.run("up", "--yes", "--skip-preview", "--json")
    (resource,) = project.resources_raw(IMAGEBUILD_TYPE)
    token = resource["outputs"]["tags"]["token"]
    assert isinstance(token, dict) and "ciphertext" in token, resource["outputs"]["tags"]
    assert resource["inputs"]["tags"]["token"].get("ciphertext"), resource["inputs"]["tags"]
    state = project.run("stack", "export").stdout
    assert SECRET not in state
    assert events_of(result) and SECRET not in result.stdout + result.stderr


def test_progress_lands_on_the_resource_row_never_on_the_stack(project):
    result = project.run("up", "--yes", "--skip-preview", "--json")
    diagnostics = [event["diagnosticEvent"] for event in events_of(result) if "diagnosticEvent" in event]
    img = [d for d in diagnostics if d.get("urn", "").endswith(f"{IMAGEBUILD_TYPE}::img")]
    statuses = [d["message"] for d in img if d.get("ephemeral")]
    changes = [d["message"] for d in img if not d.get("ephemeral")]
    assert any(m.startswith("BUILDING (") for m in statuses), statuses
    first = rf"image build {re.escape(project.outputs()['imageBuildVersionArn'])}: [A-Z]+"
    assert re.fullmatch(first, changes[0].strip()) and any("-> AVAILABLE" in m for m in changes), changes
    ours = ("image build", "PENDING", "BUILDING", "AVAILABLE")
    elsewhere = [d for d in diagnostics if d not in img and any(word in d["message"] for word in ours)]
    assert elsewhere == [], elsewhere
