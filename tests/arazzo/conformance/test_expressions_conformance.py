"""What Redocly Respect and the jentic arazzo-runner make of the expressions ``workflow/expressions.py`` decides.

Backs the notes in that module's docstring: dotted names walk nested objects in both;
absent data is ``None`` in the jentic arazzo-runner, while in Respect a JSON Pointer that
reaches no value, or a step that has not run, is a step error and an absent input is
JavaScript ``undefined``.
"""

from __future__ import annotations

from .harness import arazzo_document, run_jentic, run_ours, run_respect, step

OPTIONAL_INPUT = {"type": "object", "properties": {"absent": {"type": "string"}}}


def dotted_names():
    """A dotted name into an object input, then into an object step output."""
    document = arazzo_document(
        [step("one", "first", "$inputs.customer.name", outputs={"person": "$response.body#/person"}),
         step("two", "marker", "$steps.one.outputs.person.first")],
        inputs={"type": "object", "properties": {"customer": {"type": "object"}}})
    return document, {"customer": {"name": "ada"}}


def test_dotted_names_walk_nested_objects_in_respect(api, tmp_path):
    api.answer("first", (200, {"person": {"first": "grace"}}))
    document, inputs = dotted_names()
    respect = run_respect(tmp_path, api, document, inputs)
    assert respect.passed, respect.output
    assert api.calls("first") == [{"value": ["ada"]}]
    assert api.calls("marker") == [{"value": ["grace"]}]


def test_dotted_names_walk_nested_objects_in_jentic(api, tmp_path):
    api.answer("first", (200, {"person": {"first": "grace"}}))
    document, inputs = dotted_names()
    jentic = run_jentic(tmp_path, api, document, inputs)
    assert jentic.status == "workflow_complete", jentic.log
    assert api.calls("first") == [{"value": ["ada"]}]
    assert api.calls("marker") == [{"value": ["grace"]}]


def test_ours_walks_dotted_names_too(api):
    api.answer("first", (200, {"person": {"first": "grace"}}))
    document, inputs = dotted_names()
    assert run_ours(api, document, inputs).calls == [("first", {"value": "ada"}), ("marker", {"value": "grace"})]


def unresolved_pointer():
    """An output whose pointer reaches no value, then a criterion comparing such a pointer with null."""
    return arazzo_document(
        [step("one", "first", outputs={"missing": "$response.body#/image/state/reason"}),
         step("two", "marker", successCriteria=[{"condition": "$steps.one.outputs.missing == null"}]),
         step("three", "marker", successCriteria=[{"condition": "$response.body#/nothing == null"}])],
        outputs={"missing": "$steps.one.outputs.missing"})


BODY = {"image": {"state": {"status": "AVAILABLE"}}}


def test_a_pointer_that_reaches_no_value_is_a_step_error_in_respect(api, tmp_path):
    api.answer("first", (200, BODY))
    respect = run_respect(tmp_path, api, unresolved_pointer())
    assert respect.exit_code != 0 and not respect.passed
    assert respect.executed == ["one"]
    assert respect.status_of("one") == "error"
    assert 'JSON Pointer "/image/state/reason" reaches no value' in respect.messages()
    assert api.calls("marker") == []


def test_a_pointer_that_reaches_no_value_is_none_in_jentic(api, tmp_path):
    api.answer("first", (200, BODY))
    jentic = run_jentic(tmp_path, api, unresolved_pointer())
    assert jentic.status == "workflow_complete", jentic.log
    assert jentic.executed == ["one", "two", "three"]
    assert jentic.outputs == {"missing": None}


def test_a_pointer_that_reaches_no_value_is_none_in_ours(api):
    api.answer("first", (200, BODY))
    ours = run_ours(api, unresolved_pointer())
    assert ours.error is None and ours.executed == ["one", "two", "three"]
    assert ours.result.outputs == {"missing": None}


def step_not_run():
    """A parameter from the outputs of a step that runs later."""
    return arazzo_document([step("one", "first", "$steps.later.outputs.code"),
                            step("later", "marker", outputs={"code": "$statusCode"})])


def test_a_step_that_has_not_run_is_a_step_error_in_respect(api, tmp_path):
    respect = run_respect(tmp_path, api, step_not_run())
    assert not respect.passed and respect.status_of("one") == "error"
    assert "Error in resolving runtime expression '$steps.later.outputs.code'" in respect.messages()
    assert api.requests == []


def test_a_step_that_has_not_run_gives_none_in_jentic(api, tmp_path):
    jentic = run_jentic(tmp_path, api, step_not_run())
    assert jentic.status == "workflow_complete", jentic.log
    assert api.calls("first") == [{}]


def test_a_step_that_has_not_run_gives_none_in_ours(api):
    ours = run_ours(api, step_not_run())
    assert ours.error is None and ours.calls[0] == ("first", {"value": None})


def absent_input():
    """An input not given: as a parameter, then compared with null."""
    return arazzo_document([step("one", "first", "$inputs.absent"),
                            step("two", "marker", successCriteria=[{"condition": "$inputs.absent == null"}])],
                           inputs=OPTIONAL_INPUT)


def test_an_absent_input_is_undefined_in_respect(api, tmp_path):
    respect = run_respect(tmp_path, api, absent_input())
    assert respect.passed, respect.output
    assert api.calls("first") == [{"value": ["undefined"]}]
    assert api.calls("marker") == [{}]


def test_an_absent_input_is_none_in_jentic(api, tmp_path):
    jentic = run_jentic(tmp_path, api, absent_input())
    assert jentic.status == "workflow_complete", jentic.log
    assert api.calls("first") == [{}] and api.calls("marker") == [{}]


def test_an_absent_input_is_none_in_ours(api):
    ours = run_ours(api, absent_input())
    assert ours.error is None and ours.calls == [("first", {"value": None}), ("marker", {})]
