"""Identity tags: what they hold, and the room they leave for the user's tags."""

import pytest

from imagebuild_resource.inputs import image_build as inputs
from imagebuild_resource.imagebuilder.identity import (IDENTITY_TAGS, USER_TAG_LIMIT, Identity, image_version_arn,
                                                       inputs_digest, stack_of, user_tags)

RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.2.3"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build"
BASE = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA}
URN = "urn:pulumi:dev::platform::imagebuild:index:ImageBuild::web"


def test_stack_of_a_urn():
    assert stack_of(URN) == "platform/dev"
    assert stack_of("urn:pulumi:org-x.prod::my-proj::pkg:comp$imagebuild:index:ImageBuild::a::b") == "my-proj/org-x.prod"


def test_inputs_digest_ignores_tags_client_token_and_order():
    assert inputs_digest({**BASE, "tags": {"a": "1"}, "clientToken": "t"}) == inputs_digest(dict(reversed(BASE.items())))
    assert inputs_digest(BASE) != inputs_digest({**BASE, "enhancedImageMetadataEnabled": False})


def test_a_long_urn_is_tagged_by_its_digest():
    long_urn = URN + "x" * 300
    tag = Identity.of(long_urn, BASE).urn_tag
    assert tag.startswith("sha256:") and len(tag) <= 256
    assert Identity.of(long_urn, BASE).started(Identity.of(long_urn, BASE).tags())
    assert not Identity.of(URN, BASE).started(Identity.of(long_urn, BASE).tags())


@pytest.mark.parametrize("recipe, expected", [
    (RECIPE, "arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.2.3"),
    ("arn:aws-cn:imagebuilder:cn-north-1:123456789012:container-recipe/app/2.0.0",
     "arn:aws-cn:imagebuilder:cn-north-1:123456789012:image/app/2.0.0"),
    ("arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/x.x.x", None),
    ("arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.x.0", None),
])
def test_image_version_of_a_recipe(recipe, expected):
    assert image_version_arn(recipe) == expected


def test_user_tags_drop_the_identity_tags():
    tags = {"team": "web", **Identity.of(URN, BASE).tags(), "imagebuild:recorded": "true"}
    assert user_tags(tags) == {"team": "web"}
    assert user_tags(None) == {}


def test_check_leaves_room_for_the_identity_tags():
    assert USER_TAG_LIMIT == 50 - len(IDENTITY_TAGS) == 46
    ok = {f"k{i}": "v" for i in range(USER_TAG_LIMIT)}
    assert inputs.check({**BASE, "tags": ok}, "us-east-1") == []
    problems = inputs.check({**BASE, "tags": {**ok, "one": "more"}}, "us-east-1")
    assert [(p.path, p.reason) for p in problems] == [(
        "tags", "expected at most 46 tags, got 47: Image Builder allows 50 per image and ImageBuild adds 4 of its own "
                "(imagebuild:stack, imagebuild:urn, imagebuild:inputs, imagebuild:recorded)")]


def test_check_refuses_the_reserved_prefix():
    problems = inputs.check({**BASE, "tags": {"imagebuild:urn": "mine", "team": "web"}}, "us-east-1")
    assert [p.path for p in problems] == ['tags["imagebuild:urn"]']
    assert "prefix is reserved" in problems[0].reason and "expected a key without it" in problems[0].reason


def test_a_pipeline_builds_identity_holds_its_triggers_and_without_them_is_what_0_1_0_tagged():
    from imagebuild_resource.providers.pipeline_build import PipelineBuildKind

    urn = "urn:pulumi:dev::platform::pulumi-python:dynamic/imagebuilder:PipelineBuild::run"
    pipeline = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/demo-pipeline"

    def digest(**extra):
        return Identity.of(urn, PipelineBuildKind().identity_members({"imagePipelineArn": pipeline, **extra})).inputs

    assert digest(triggers={"release": "1"}) != digest(triggers={"release": "2"}) != digest()
    assert digest(triggers={"release": 1.0}) == digest(triggers={"release": 1})  # numbers arrive as floats
    assert digest() == digest(triggers={}) == digest(triggers=None) == inputs_digest({"imagePipelineArn": pipeline})
