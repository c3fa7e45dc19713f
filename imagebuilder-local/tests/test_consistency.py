"""GetImage's not-found window after CreateImage (eventual consistency), through boto3."""

from __future__ import annotations

import time

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, AdminError

from .conftest import TEST_TIME_SCALE


def _create(client):
    return client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                               infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]


def _missing(client, arn):
    with pytest.raises(client.exceptions.ResourceNotFoundException) as info:
        client.get_image(imageBuildVersionArn=arn)
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["Error"]["Message"] == f"The image '{arn}' does not exist."


def test_get_image_misses_a_new_build_for_the_first_calls(client, imagebuilder_admin):
    before = _create(client)
    assert imagebuilder_admin.set_not_found_after_create(calls=2) == {"seconds": None, "calls": 2}
    arn = _create(client)
    _missing(client, arn)
    _missing(client, arn)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["arn"] == arn
    assert client.get_image(imageBuildVersionArn=before)["image"]["arn"] == before  # older builds are seen
    listed = client.list_image_build_versions()["imageSummaryList"]
    assert {s["arn"] for s in listed} == {before, arn}
    counters = imagebuilder_admin.counters()["GetImage"]
    assert counters["faultsByKind"] == {"notFoundAfterCreate": 2}
    assert counters["byCode"] == {"ResourceNotFoundException": 2}
    assert [c["fault"] for c in imagebuilder_admin.calls("GetImage")] == \
        ["notFoundAfterCreate", "notFoundAfterCreate", None, None]


def test_get_image_misses_a_new_build_for_service_seconds(client, imagebuilder_admin):
    imagebuilder_admin.set_not_found_after_create(seconds=900)  # 15 modeled minutes
    start = time.monotonic()
    arn = _create(client)
    _missing(client, arn)
    while True:
        try:
            image = client.get_image(imageBuildVersionArn=arn)["image"]
            break
        except client.exceptions.ResourceNotFoundException:
            time.sleep(0.01)
    assert time.monotonic() - start >= 900 * TEST_TIME_SCALE
    assert image["state"]["status"] in ("BUILDING", "CREATING")  # the build went on meanwhile
    assert imagebuilder_admin.counters()["GetImage"]["faultsByKind"]["notFoundAfterCreate"] >= 2


def test_the_window_is_off_by_default_and_can_be_turned_off(client, imagebuilder_admin):
    assert imagebuilder_admin.set_not_found_after_create(seconds=60, calls=1) == {"seconds": 60.0, "calls": 1}
    assert imagebuilder_admin.set_not_found_after_create() == {"seconds": None, "calls": None}
    arn = _create(client)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["arn"] == arn
    imagebuilder_admin.set_not_found_after_create(calls=5)
    imagebuilder_admin.reset()
    arn = _create(client)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["arn"] == arn
    for bad in ({"seconds": 0}, {"calls": 0}, {"calls": 1.5}):
        with pytest.raises(AdminError) as info:
            imagebuilder_admin.set_not_found_after_create(**bad)
        assert info.value.status == 400
