"""ListImages, and what an orphan finder needs: builds of one image version, and their tags."""

from __future__ import annotations

import pytest

from imagebuilder_local import (
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
)

from .helpers import wait_for

IMAGES = "arn:aws:imagebuilder:us-east-1:123456789012:image"


def _create(client, recipe=DEMO_IMAGE_RECIPE_ARN, **tags):
    params = {"infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
    params["containerRecipeArn" if ":container-recipe/" in recipe else "imageRecipeArn"] = recipe
    if tags:
        params["tags"] = tags
    return client.create_image(**params)["imageBuildVersionArn"]


@pytest.fixture
def three_images(client, imagebuilder_admin):
    """demo-al2023 1.0.0 (two builds) and 2.0.0, demo-hangs 1.0.0, demo-container 1.0.0."""
    imagebuilder_admin.add_catalog({"imageRecipes": [{"name": "demo-al2023", "version": "2.0.0"}]})
    arns = [_create(client), _create(client), _create(client, DEMO_IMAGE_RECIPE_ARN.replace("1.0.0", "2.0.0")),
            _create(client, DEMO_HANGS_RECIPE_ARN), _create(client, DEMO_CONTAINER_RECIPE_ARN, team="x")]
    return arns


def test_list_images_gives_one_entry_per_image_version(client, three_images):
    listed = client.list_images()["imageVersionList"]
    assert [(v["arn"], v["version"]) for v in listed] == [
        (f"{IMAGES}/demo-al2023/1.0.0", "1.0.0"), (f"{IMAGES}/demo-al2023/2.0.0", "2.0.0"),
        (f"{IMAGES}/demo-container/1.0.0", "1.0.0"), (f"{IMAGES}/demo-hangs/1.0.0", "1.0.0")]
    first = listed[0]
    assert first["owner"] == "123456789012" and first["type"] == "AMI" and first["platform"] == "Linux"
    assert first["osVersion"] and first["dateCreated"] and first["buildType"] == "USER_INITIATED"
    assert listed[2]["type"] == "DOCKER"
    assert client.list_images(owner="Self")["imageVersionList"] == listed


@pytest.mark.parametrize("owner", ["Shared", "Amazon", "ThirdParty", "AWSMarketplace"])
def test_other_owners_list_nothing_here(client, three_images, owner):
    assert client.list_images(owner=owner, includeDeprecated=True)["imageVersionList"] == []


def test_list_images_filters_by_name_and_groups_by_name(client, three_images):
    by_type = client.list_images(filters=[{"name": "type", "values": ["DOCKER"]}])["imageVersionList"]
    assert [v["name"] for v in by_type] == ["demo-container"]
    by_version = client.list_images(filters=[{"name": "version", "values": ["2.0.0"]},
                                             {"name": "name", "values": ["demo-al2023"]}])["imageVersionList"]
    assert [v["arn"] for v in by_version] == [f"{IMAGES}/demo-al2023/2.0.0"]
    names = client.list_images(byName=True)["imageVersionList"]
    assert [(v["arn"], v["version"]) for v in names] == [
        (f"{IMAGES}/demo-al2023/x.x.x", "2.0.0"), (f"{IMAGES}/demo-container/x.x.x", "1.0.0"),
        (f"{IMAGES}/demo-hangs/x.x.x", "1.0.0")]
    with pytest.raises(client.exceptions.InvalidRequestException, match="version filter"):
        client.list_images(byName=True, filters=[{"name": "version", "values": ["1.0.0"]}])
    with pytest.raises(client.exceptions.InvalidRequestException, match="colour"):
        client.list_images(filters=[{"name": "colour", "values": ["red"]}])


def test_list_images_pages_with_its_paginator(client, three_images):
    first = client.list_images(maxResults=3)
    assert len(first["imageVersionList"]) == 3 and first["nextToken"]
    rest = client.list_images(maxResults=3, nextToken=first["nextToken"])
    assert len(rest["imageVersionList"]) == 1 and "nextToken" not in rest
    pages = client.get_paginator("list_images").paginate(PaginationConfig={"PageSize": 1})
    assert len([v for p in pages for v in p["imageVersionList"]]) == 4
    with pytest.raises(client.exceptions.InvalidPaginationTokenException):
        client.list_images(byName=True, nextToken=first["nextToken"])  # a token of another request


def test_an_image_version_goes_when_its_last_build_is_deleted(client, imagebuilder_admin):
    arn = _create(client, DEMO_HANGS_RECIPE_ARN)
    client.cancel_image_creation(imageBuildVersionArn=arn)
    wait_for(client, arn, {"CANCELLED"})
    client.delete_image(imageBuildVersionArn=arn)
    assert client.list_images()["imageVersionList"] == []


def test_an_orphan_finder_lists_builds_of_one_image_version_and_reads_their_tags(client, three_images):
    version = f"{IMAGES}/demo-al2023/1.0.0"
    builds = client.list_image_build_versions(imageVersionArn=version)["imageSummaryList"]
    assert [b["arn"] for b in builds] == [f"{version}/1", f"{version}/2"]
    assert client.list_image_build_versions(imageVersionArn=f"{IMAGES}/nope/1.0.0")["imageSummaryList"] == []
    container = three_images[-1]
    assert client.list_tags_for_resource(resourceArn=container)["tags"] == {"team": "x"}
    assert "tags" not in client.list_tags_for_resource(resourceArn=three_images[0])  # no tags: member left out
