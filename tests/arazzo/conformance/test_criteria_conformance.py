"""What Redocly Respect and the jentic arazzo-runner do with the criteria ``workflow/criteria.py`` describes.

Backs the notes in that module's docstring: the seed's ``jsonpath`` conditions hold in no
other runner tested, and Respect reads a lone operand with JavaScript's truth.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from imagebuild_resource.arazzo.criteria import Criterion, evaluate_criterion
from imagebuild_resource.arazzo.expressions import EvalContext
from imagebuild_resource.arazzo.state import Response

from .harness import ROOT, arazzo_document, run_jentic, run_ours, run_respect, step

SEED = ROOT / "imagebuild_resource" / "arazzo" / "documents" / "amazon-ec2-image-builder-create-image-and-poll-workflow.yml"

# The seed's getImage actions, by the status each is written to catch.
EXPECTED_ACTION = {"AVAILABLE": "imageAvailable", "FAILED": "imageFailed",
                   "CANCELLED": "imageCancelled", "BUILDING": "stillBuilding"}


def seed_actions() -> list[dict[str, Any]]:
    """The seed's getImage onSuccess actions, criteria verbatim."""
    document = yaml.safe_load(SEED.read_text())
    [get_image] = [s for s in document["workflows"][0]["steps"] if s["stepId"] == "getImage"]
    return get_image["onSuccess"]


def probe(actions: list[dict[str, Any]]) -> dict[str, Any]:
    """``read`` gets an image, then each action (criteria as given) goes to its own step;
    when no action matches, the workflow goes on to ``unmatched``."""
    gotos = [{"name": a["name"], "type": "goto", "stepId": f"after_{a['name']}", "criteria": a["criteria"]}
             for a in actions]
    ends = [{"name": "stop", "type": "end"}]
    return arazzo_document([
        step("read", "first", onSuccess=gotos),
        step("unmatched", "marker", onSuccess=ends),
        *(step(f"after_{a['name']}", "marker", onSuccess=ends) for a in actions),
    ])


def image(status: str) -> dict[str, Any]:
    return {"image": {"arn": "arn:test", "state": {"status": status}}}


def test_the_probe_uses_the_seeds_four_jsonpath_conditions():
    actions = seed_actions()
    assert [a["name"] for a in actions] == list(EXPECTED_ACTION.values())
    assert all(c["type"] == "jsonpath" and c["condition"].startswith("$.image.state.status")
               for a in actions for c in a["criteria"])


@pytest.mark.parametrize("status", EXPECTED_ACTION)
def test_respect_holds_none_of_the_seeds_jsonpath_conditions(status, api, tmp_path):
    api.answer("first", (200, image(status)))
    document = probe(seed_actions())

    ours = run_ours(api, document)
    assert ours.executed == ["read", f"after_{EXPECTED_ACTION[status]}"]

    respect = run_respect(tmp_path, api, document)
    assert respect.executed == ["read", "unmatched"], respect.output
    assert respect.passed


@pytest.mark.parametrize("status", EXPECTED_ACTION)
def test_jentic_holds_none_of_the_seeds_jsonpath_conditions(status, api, tmp_path):
    api.answer("first", (200, image(status)))
    jentic = run_jentic(tmp_path, api, probe(seed_actions()))
    assert jentic.status == "workflow_complete", jentic.log
    assert jentic.executed == ["read", "unmatched"], jentic.log


@pytest.mark.parametrize(("status", "holds"), [("AVAILABLE", True), ("FAILED", False)])
def test_respect_evaluates_a_filter_query_condition(status, holds, api, tmp_path):
    """The control: Respect does evaluate the spec's filter form, so "unmatched" above is the seed's form."""
    api.answer("first", (200, image(status)))
    criteria = [{"context": "$response.body", "type": "jsonpath",
                 "condition": "$[?@.image.state.status == 'AVAILABLE']"}]
    document = probe([{"name": "imageAvailable", "criteria": criteria}])
    respect = run_respect(tmp_path, api, document)
    assert respect.executed == ["read", "after_imageAvailable" if holds else "unmatched"], respect.output


# A value per JSON kind, with JavaScript's truth (Respect) and this runtime's.
LONE_OPERANDS = [
    (True, True, True), (False, False, False), (None, False, False),
    (0, False, False), (0.0, False, False), (1, True, True),
    ("", False, False), ("0", True, True), ("x", True, True),
    ([], True, False), ({}, True, False), ([0], True, True), ({"a": 0}, True, True),
]


def test_a_lone_operand_is_read_with_javascripts_truth_in_respect(api, tmp_path):
    """One step per value, each with the lone operand ``$response.body#/vN`` as its criterion;
    a failed step goes on to the next, so one run shows every verdict."""
    body = {f"v{i}": value for i, (value, _, _) in enumerate(LONE_OPERANDS)}
    api.answer("first", (200, body))
    count = len(LONE_OPERANDS)
    steps = [step(f"s{i}", "first", successCriteria=[{"condition": f"$response.body#/v{i}"}],
                  onFailure=[{"name": "next", "type": "goto", "stepId": f"s{i + 1}"} if i + 1 < count
                             else {"name": "stop", "type": "end"}])
             for i in range(count)]
    respect = run_respect(tmp_path, api, arazzo_document(steps))
    assert respect.executed == [f"s{i}" for i in range(count)], respect.output

    seen = [(value, respect.status_of(f"s{i}") == "success") for i, (value, _, _) in enumerate(LONE_OPERANDS)]
    assert seen == [(value, in_javascript) for value, in_javascript, _ in LONE_OPERANDS]

    context = EvalContext(response=Response(200, body))
    ours = [(value, evaluate_criterion(Criterion(f"$response.body#/v{i}"), context))
            for i, (value, _, _) in enumerate(LONE_OPERANDS)]
    assert ours == [(value, in_ours) for value, _, in_ours in LONE_OPERANDS]
