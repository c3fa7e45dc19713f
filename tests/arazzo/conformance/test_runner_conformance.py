"""What Redocly Respect and the jentic arazzo-runner do where ``workflow/runner.py`` decides.

Backs the notes in that module's docstrings: ``end`` on failure fails the workflow in both
(Respect fails it on any unmet success criterion, whatever the action), and Respect
applies input defaults where the jentic arazzo-runner does not.
"""

from __future__ import annotations

import pytest

from imagebuild_resource.arazzo.errors import StepFailedError

from .harness import arazzo_document, run_jentic, run_ours, run_respect, step

ACTIONS = {"end": {"name": "stop", "type": "end"}, "goto": {"name": "next", "type": "goto", "stepId": "two"}}


def failing_step(action: str):
    """``one`` gets a 500 against ``$statusCode == 200``; its only onFailure action is ``action``."""
    return arazzo_document([step("one", "first", successCriteria=[{"condition": "$statusCode == 200"}],
                                 onFailure=[ACTIONS[action]]),
                            step("two", "marker")])


@pytest.mark.parametrize(("action", "runs_two"), [("end", False), ("goto", True)])
def test_respect_fails_the_workflow_on_an_unmet_criterion_whatever_the_action(action, runs_two, api, tmp_path):
    api.answer("first", (500, {}))
    respect = run_respect(tmp_path, api, failing_step(action))
    assert respect.executed == (["one", "two"] if runs_two else ["one"])
    assert respect.exit_code != 0 and not respect.passed


@pytest.mark.parametrize(("action", "status", "runs_two"),
                         [("end", "error", False), ("goto", "workflow_complete", True)])
def test_jentic_fails_the_workflow_on_end_after_failure(action, status, runs_two, api, tmp_path):
    api.answer("first", (500, {}))
    jentic = run_jentic(tmp_path, api, failing_step(action))
    assert jentic.status == status, jentic.log
    assert ("two" in jentic.executed) is runs_two


@pytest.mark.parametrize(("action", "fails"), [("end", True), ("goto", False)])
def test_ours_fails_the_workflow_on_end_after_failure(action, fails, api):
    api.answer("first", (500, {}))
    ours = run_ours(api, failing_step(action))
    assert isinstance(ours.error, StepFailedError) is fails
    assert [op for op, _ in ours.calls] == (["first"] if fails else ["first", "marker"])


def with_default():
    return arazzo_document([step("one", "first", "$inputs.token")],
                           inputs={"type": "object", "properties": {"token": {"type": "string", "default": "dflt"}}})


def test_respect_applies_input_defaults(api, tmp_path):
    respect = run_respect(tmp_path, api, with_default())
    assert respect.passed, respect.output
    assert api.calls("first") == [{"value": ["dflt"]}]


def test_jentic_does_not_apply_input_defaults(api, tmp_path):
    jentic = run_jentic(tmp_path, api, with_default())
    assert jentic.status == "workflow_complete", jentic.log
    assert api.calls("first") == [{}]


def test_ours_applies_input_defaults(api):
    assert run_ours(api, with_default()).calls == [("first", {"value": "dflt"})]
