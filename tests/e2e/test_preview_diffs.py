"""Preview diffs that read right in pull-request review: ``preview --json`` and the text of ``preview --diff``."""

from __future__ import annotations

import json
import re

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from ..documents import example
from .harness import IMAGEBUILD_TYPE, Project

pytestmark = pytest.mark.e2e

RECIPE_V2 = DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023/1.0.0", "demo-al2023-next/2.0.0")
OUTPUTS = ("imageBuildVersionArn", "finalStatus", "amis", "amiId", "containerImageUris", "version", "platform",
           "osVersion", "dateCreated")

PROGRAM = """
import pulumi
import pulumi.dynamic
from imagebuild_resource import ImageBuild, ImageBuildArgs


class RecipeProvider(pulumi.dynamic.ResourceProvider):
    def create(self, props):
        return pulumi.dynamic.CreateResult("recipe", {**props, "arn": props["source"]})

    def diff(self, _id, olds, news):
        return pulumi.dynamic.DiffResult(changes=olds["source"] != news["source"], replaces=["source"])


class Recipe(pulumi.dynamic.Resource):
    def __init__(self, name, source):
        super().__init__(RecipeProvider(), name, {"source": source, "arn": None})


config = pulumi.Config("e2e")
recipe_arn = Recipe("recipe", config.require("recipe")).arn if config.get_bool("computed") else config.require("recipe")
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=recipe_arn,
    infrastructure_configuration_arn=config.require("infra"),
    tags=config.get_object("tags"),
    delete_output_resources=config.get_bool("deleteOutputs"),
    deletion_execution_role=config.get("deletionRole"),
    build_timeout_minutes=config.get_float("timeout"),
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
pulumi.export("amiId", image.ami_id)
"""


def _next_recipe() -> dict:
    return {"name": "demo-al2023-next", "version": "2.0.0", "platform": "Linux",
            "parentImage": "arn:aws:imagebuilder:${region}:aws:image/amazon-linux-2023-x86/x.x.x",
            "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}]}


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    imagebuilder_service.admin.add_catalog({"imageRecipes": [_next_recipe()]})
    project = Project.create(tmp_path / "review", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.run("config", "set", "--path", "e2e:tags.team", "a")
    project.up()
    return project


def review(project: Project) -> tuple[dict, str]:
    """The ImageBuild's step of ``preview --json`` (``same`` when it has none), and the text of ``preview --diff``."""
    steps = json.loads(project.run("preview", "--json").stdout).get("steps") or []
    found = [s for s in steps if s["urn"].endswith(f"{IMAGEBUILD_TYPE}::img")]
    return (found[0] if found else {"op": "same"}), project.run("preview", "--diff").stdout


def shows(text: str, *parts: str) -> bool:
    """True if ``text`` has the line ``parts``, with any alignment whitespace around ':' and '=>'."""
    pattern = r"\s*".join(re.escape(part) for part in parts)
    return re.search(pattern, text) is not None


def kinds(step: dict) -> dict[str, tuple[str, bool]]:
    return {path: (d["kind"], d.get("inputDiff", False)) for path, d in (step.get("detailedDiff") or {}).items()}


def test_a_recipe_bump_replaces_names_the_cause_and_shows_outputs_as_recomputed(project):
    project.set_config("e2e:recipe", RECIPE_V2)
    project.set_config("e2e:timeout", "90")  # a wait option changing alongside is not a change of the image
    step, text = review(project)
    assert step["op"] == "replace"
    assert step["replaceReasons"] == ["imageRecipeArn"]
    assert kinds(step) == {"imageRecipeArn": ("update-replace", True), **{name: ("add", False) for name in OUTPUTS}}
    assert step["diffReasons"] == ["imageRecipeArn", *sorted(OUTPUTS, key=step["diffReasons"].index)]
    assert shows(text, "~ imageRecipeArn", ":", f'"{DEMO_IMAGE_RECIPE_ARN}"', "=>", f'"{RECIPE_V2}"'), text
    assert "+ amiId" in text and "[unknown]" in text
    assert "- amiId" not in text and "- imageBuildVersionArn" not in text  # nothing reads as deleted
    assert "buildTimeoutMinutes" not in text and "pollMaxSeconds" not in text  # options are not image properties


def test_a_tag_change_is_an_in_place_update_of_that_tag(project):
    project.run("config", "set", "--path", "e2e:tags.team", "b")
    project.run("config", "set", "--path", "e2e:tags.owner", "me")
    step, text = review(project)
    assert step["op"] == "update"
    assert kinds(step) == {"tags.team": ("update", True), "tags.owner": ("add", True)}
    assert step["diffReasons"] == ["tags"] and step.get("replaceReasons") in (None, [])
    assert shows(text, "~ team", ":", '"a"', "=>", '"b"') and shows(text, "+ owner", ":", '"me"'), text
    assert "amiId" not in text and "imageRecipeArn" not in text


def test_delete_output_resources_and_its_role_are_an_in_place_update(project):
    project.set_config("e2e:deleteOutputs", "true")
    project.set_config("e2e:deletionRole", "ImageBuilderLifecycleExecutionRole")
    step, text = review(project)
    assert step["op"] == "update"
    assert kinds(step) == {"deleteOutputResources": ("add", True), "deletionExecutionRole": ("add", True)}
    assert shows(text, "+ deleteOutputResources", ":", "true"), text
    assert shows(text, "+ deletionExecutionRole", ":", '"ImageBuilderLifecycleExecutionRole"'), text
    assert "amiId" not in text


def test_no_change_is_a_no_op_even_when_only_wait_options_change(project):
    project.set_config("e2e:timeout", "30")
    step, text = review(project)
    assert step["op"] == "same"
    assert "ImageBuild" not in text.split("Resources:")[0].replace("pulumi:pulumi:Stack", "")


def test_an_input_computed_by_another_resource_shows_as_unknown_and_replaces(project, imagebuilder_service):
    project.set_config("e2e:computed", "true")
    before = imagebuilder_service.admin.counters()
    step, text = review(project)
    assert step["op"] == "replace" and step["replaceReasons"] == ["imageRecipeArn"]
    assert kinds(step)["imageRecipeArn"] == ("update-replace", True)
    assert shows(text, "~ imageRecipeArn", ":", f'"{DEMO_IMAGE_RECIPE_ARN}"', "=>", "[unknown]"), text
    assert imagebuilder_service.admin.counters() == before


PREVIEW_DIFF = example("docs/previews.md", marker="preview-diff")


def test_the_documented_diff_of_a_recipe_bump_with_a_tag_change_is_what_preview_prints(tmp_path, imagebuilder_service):
    """docs/previews.md's sample, exactly: a stack ``prod`` of a project ``app``, the build ``app-image``."""
    program = PROGRAM.replace('ImageBuild("img"', 'ImageBuild("app-image"')
    imagebuilder_service.admin.add_catalog({"imageRecipes": [_next_recipe()]})
    project = Project.create(tmp_path / "app", imagebuilder_service.endpoint_url, program, name="app", stack="prod")
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.run("config", "set", "--path", "e2e:tags.team", "a")
    project.up()
    project.set_config("e2e:recipe", RECIPE_V2)
    project.run("config", "set", "--path", "e2e:tags.team", "b")
    project.set_config("e2e:timeout", "90")  # a wait option changing too: not shown
    text = project.run("preview", "--diff").stdout
    assert PREVIEW_DIFF in text, text
