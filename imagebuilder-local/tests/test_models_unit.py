"""The state machine with an injected clock: status is a function of start time and modeled time."""

from __future__ import annotations

import threading

import pytest

from imagebuilder_local import DEMO_HANGS_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN
from imagebuilder_local.catalog_documents import CatalogError, parse_document
from imagebuilder_local.clock import VirtualClock
from imagebuilder_local.models import Backend
from imagebuilder_local.scenarios import BuildTimeline, Scenario, ScenarioError
from imagebuilder_local.validation import validate_output


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup():
    fake = FakeClock()
    backend = Backend(clock=VirtualClock(fake, time_scale=1.0))
    return fake, backend


def _status(backend, arn):
    body = backend.get_image(arn)
    assert validate_output("GetImage", body) == []
    return body["image"]["state"]["status"]


def test_status_follows_the_clock_without_threads(setup):
    fake, backend = setup
    before = threading.active_count()
    arn = backend.create_image({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "clientToken": "t",
                                "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN})["imageBuildVersionArn"]
    timeline = BuildTimeline.for_build(45 * 60, tests_enabled=True)
    seen = []
    for name, start, stop in timeline.stages:
        fake.now = 1_700_000_000.0 + (start + stop) / 2
        seen.append(_status(backend, arn))
    assert seen == ["PENDING", "CREATING", "BUILDING", "TESTING", "DISTRIBUTING", "INTEGRATING"]
    fake.now = 1_700_000_000.0 + 45 * 60
    assert _status(backend, arn) == "AVAILABLE"
    assert threading.active_count() == before


def test_time_scale_change_keeps_modeled_time_continuous(setup):
    fake, backend = setup
    arn = backend.create_image({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "clientToken": "t",
                                "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN})["imageBuildVersionArn"]
    fake.now += 60 * 10  # 10 modeled minutes: BUILDING
    assert _status(backend, arn) == "BUILDING"
    backend.clock.set_time_scale(0.01)
    assert _status(backend, arn) == "BUILDING"
    fake.now += 60 * 35 * 0.01
    assert _status(backend, arn) == "AVAILABLE"


def test_hang_never_finishes(setup):
    fake, backend = setup
    arn = backend.create_image({"imageRecipeArn": DEMO_HANGS_RECIPE_ARN, "clientToken": "t",
                                "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN})["imageBuildVersionArn"]
    fake.now += 10 * 86400
    assert _status(backend, arn) == "BUILDING"


def test_build_minutes_from_a_scenario(setup):
    fake, backend = setup
    backend.set_scenario({"buildMinutes": 5})
    arn = backend.create_image({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "clientToken": "t",
                                "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN})["imageBuildVersionArn"]
    fake.now += 5 * 60
    assert _status(backend, arn) == "AVAILABLE"


@pytest.mark.parametrize("doc", [
    {"outcome": "boom"}, {"outcome": "fail", "stage": "NOWHERE"}, {"buildMinutes": -1},
    {"failureContext": []}, {"extra": 1}, {"reason": ""},
])
def test_bad_scenarios(doc):
    with pytest.raises(ScenarioError):
        Scenario.from_dict(doc)


@pytest.mark.parametrize("doc", [
    [], {"recipes": []}, {"imageRecipes": {}}, {"imageRecipes": [{"version": "1.0.0"}]},
    {"imageRecipes": [{"name": "r"}]},
    {"distributionConfigurations": [{"name": "d", "timeoutMinutes": 5}]},
    {"imageRecipes": [{"name": "r", "version": "1.0.0", "scenario": {"outcome": "x"}}]},
])
def test_bad_catalogs(doc):
    with pytest.raises(CatalogError):
        parse_document(doc, "us-east-1", "123456789012")
