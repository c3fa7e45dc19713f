"""The generic runner: actions, outputs, pacing, deadline, cancel and transient retries (fake clock)."""

import random

import pytest

from imagebuild_resource.arazzo.document import parse_document
from imagebuild_resource.arazzo.errors import InputError, StepFailedError, TransientCallError
from imagebuild_resource.arazzo.state import Response
from imagebuild_resource.arazzo.pacing import BackoffPolicy, PacingPolicy
from imagebuild_resource.arazzo.runner import RunHooks, WorkflowRunner
from imagebuild_resource.arazzo.timing import CancelRequested, DeadlineReached

from ...fakes import FakeCancel, FakeClock


def workflow(steps, inputs=None, outputs=None):
    doc = {"arazzo": "1.0.1", "info": {"title": "t", "version": "1"},
           "workflows": [{"workflowId": "w", "inputs": inputs or {}, "steps": steps, "outputs": outputs or {}}]}
    return parse_document(doc).workflow("w")


class Script:
    """An operation caller answering from per-operation lists (last answer repeats)."""

    def __init__(self, **answers):
        self.answers = {op: list(items) for op, items in answers.items()}
        self.calls = []

    def __call__(self, operation_id, arguments):
        self.calls.append((operation_id, dict(arguments)))
        items = self.answers[operation_id]
        item = items.pop(0) if len(items) > 1 else items[0]
        if isinstance(item, Exception):
            raise item
        return item


def ok(body=None, status=200):
    return Response(status, body or {})


POLL = {
    "stepId": "poll", "operationId": "Poll",
    "parameters": [{"name": "id", "in": "query", "value": "$inputs.id"}],
    "successCriteria": [{"condition": "$statusCode == 200"}],
    "outputs": {"state": "$response.body#/state"},
    "onSuccess": [
        {"name": "done", "type": "end", "criteria": [{"condition": "$response.body#/state == 'done'"}]},
        {"name": "again", "type": "goto", "stepId": "poll"},
    ],
}


def runner(wf, call, clock=None, **kwargs):
    kwargs.setdefault("pacing", PacingPolicy(minimum=1, maximum=8, fast=2, jitter=0.0, fast_statuses={"late"}))
    kwargs.setdefault("backoff", BackoffPolicy(base=1, maximum=4, max_attempts=3))
    return WorkflowRunner(wf, call, clock=clock or FakeClock(), rng=random.Random(0), **kwargs)


def test_sequential_steps_outputs_and_payload():
    wf = workflow([
        {"stepId": "a", "operationId": "A", "requestBody": {"payload": {"name": "$inputs.name", "x": None, "k": 1}},
         "outputs": {"id": "$response.body#/id"}},
        {"stepId": "b", "operationId": "B", "parameters": [{"name": "id", "in": "path", "value": "$steps.a.outputs.id"}],
         "outputs": {"echo": "$request.path.id", "greeting": "$response.body#/g"}},
    ], inputs={"required": ["name"], "properties": {"name": {"type": "string"}, "d": {"default": "dflt"}}},
        outputs={"id": "$steps.a.outputs.id", "greeting": "$steps.b.outputs.greeting", "d": "$inputs.d"})
    call = Script(A=[ok({"id": "i-1"})], B=[ok({"g": "hi"})])
    result = runner(wf, call).run({"name": "n"})
    assert result.outputs == {"id": "i-1", "greeting": "hi", "d": "dflt"}
    assert call.calls == [("A", {"name": "n", "x": None, "k": 1}), ("B", {"id": "i-1"})]
    assert result.state.steps["b"]["echo"] == "i-1"


def test_missing_and_mistyped_inputs():
    wf = workflow([POLL], inputs={"required": ["id"], "properties": {"id": {"type": "string"}}})
    with pytest.raises(InputError, match="needs the input"):
        runner(wf, Script()).run({"id": None})
    with pytest.raises(InputError, match="must be a string"):
        runner(wf, Script()).run({"id": 5})


def test_goto_loop_is_paced_by_status_and_first_matching_action_wins():
    states = ["early", "early", "early", "late", "late", "done"]
    call = Script(Poll=[ok({"state": s}) for s in states])
    clock = FakeClock()
    hooks = RunHooks(status_of=lambda step_id, r: r.body["state"])
    result = runner(workflow([POLL], outputs={"s": "$steps.poll.outputs.state"}), call, clock, hooks=hooks).run({"id": "x"})
    assert result.outputs == {"s": "done"}
    assert clock.waits == [1, 2, 4, 2, 2]


def test_failed_step_without_actions_raises_with_the_error():
    call = Script(Poll=[Response(400, {"__type": "InvalidRequestException", "message": "bad"}, {},
                                 "InvalidRequestException", "bad")])
    with pytest.raises(StepFailedError) as info:
        runner(workflow([POLL]), call).run({"id": "x"})
    error = info.value
    assert (error.code, error.message, error.status, error.step_id) == ("InvalidRequestException", "bad", 400, "poll")
    assert str(error) == "Step 'poll' failed with HTTP 400: InvalidRequestException: bad."


def test_retry_action_waits_retry_after_and_respects_the_limit():
    step = dict(POLL, onFailure=[{"name": "r", "type": "retry", "retryAfter": 3, "retryLimit": 2,
                                  "criteria": [{"condition": "$statusCode == 409"}]}])
    clock = FakeClock()
    call = Script(Poll=[ok(status=409), ok(status=409), ok({"state": "done"})])
    runner(workflow([step]), call, clock).run({"id": "x"})
    assert clock.waits == [3, 3]
    with pytest.raises(StepFailedError, match="HTTP 409"):
        runner(workflow([step]), Script(Poll=[ok(status=409)]), FakeClock()).run({"id": "x"})


def test_failure_goto_and_failure_end():
    fallback = {"stepId": "fallback", "operationId": "F", "outputs": {"v": "$response.body#/v"}}
    step = dict(POLL, onFailure=[{"name": "boom", "type": "end", "criteria": [{"condition": "$statusCode == 500"}]},
                                 {"name": "other", "type": "goto", "stepId": "fallback"}])
    wf = workflow([step, fallback], outputs={"v": "$steps.fallback.outputs.v"})
    assert runner(wf, Script(Poll=[ok(status=404)], F=[ok({"v": 1})])).run({"id": "x"}).outputs == {"v": 1}
    with pytest.raises(StepFailedError):
        runner(wf, Script(Poll=[ok(status=500)], F=[ok()])).run({"id": "x"})


def test_transient_errors_are_retried_with_backoff_then_give_up():
    throttle = TransientCallError("Poll", "ThrottlingException", "slow", 400)
    clock = FakeClock()
    call = Script(Poll=[throttle, throttle, ok({"state": "done"})])
    runner(workflow([POLL]), call, clock).run({"id": "x"})
    assert len(call.calls) == 3 and all(0.5 <= w <= 2 for w in clock.waits) and len(clock.waits) == 2
    with pytest.raises(StepFailedError, match="ThrottlingException"):
        runner(workflow([POLL]), Script(Poll=[throttle]), FakeClock()).run({"id": "x"})


def test_deadline_stops_a_loop_with_the_state_reached():
    clock = FakeClock()
    with pytest.raises(DeadlineReached) as info:
        runner(workflow([POLL]), Script(Poll=[ok({"state": "early"})]), clock, deadline_seconds=30).run({"id": "x"})
    assert info.value.state.steps["poll"]["state"] == "early"
    assert clock.t == 1030


def test_cancel_signal_stops_the_wait():
    cancel, clock = FakeCancel(), FakeClock()
    clock.on_wait = lambda t: cancel.set() if t > 1010 else None
    with pytest.raises(CancelRequested):
        runner(workflow([POLL]), Script(Poll=[ok({"state": "early"})]), clock, cancel=cancel).run({"id": "x"})
    assert 1010 < clock.t < 1020


def test_extra_arguments_only_add_members():
    step = {"stepId": "a", "operationId": "A", "requestBody": {"payload": {"k": "$inputs.k"}}}
    call = Script(A=[ok()])
    runner(workflow([step]), call, extra_arguments={"a": {"tags": {"t": "1"}, "gone": None}}).run({"k": 1})
    assert call.calls == [("A", {"k": 1, "tags": {"t": "1"}})]
    with pytest.raises(InputError, match="already sets k"):
        runner(workflow([step]), call, extra_arguments={"a": {"k": 2}})
    with pytest.raises(InputError, match="does not have"):
        runner(workflow([step]), call, extra_arguments={"zz": {}})


def connection_refused():
    return TransientCallError("Poll", "EndpointConnectionError", "Could not connect", None)


def test_an_endpoint_never_reached_fails_after_the_first_contact_retries():
    call = Script(Poll=[connection_refused()])
    with pytest.raises(StepFailedError) as failure:
        runner(workflow([POLL]), call, backoff=BackoffPolicy(base=1, maximum=4, max_attempts=9,
                                                             first_contact_attempts=2)).run({"id": "x"})
    assert failure.value.code == "EndpointConnectionError"
    assert len(call.calls) == 3  # the first try and two retries, not the whole budget of nine


def test_once_the_service_answered_connection_errors_get_the_full_budget():
    answers = [ok({"state": "busy"})] + [connection_refused()] * 5 + [ok({"state": "done"})]
    call = Script(Poll=answers)
    result = runner(workflow([POLL]), call, backoff=BackoffPolicy(base=1, maximum=4, max_attempts=9,
                                                                  first_contact_attempts=2)).run({"id": "x"})
    assert len(call.calls) == 7 and result is not None


def test_a_throttled_first_call_proves_the_endpoint_and_keeps_the_full_budget():
    throttled = TransientCallError("Poll", "CallRateLimitExceededException", "slow down", 429)
    call = Script(Poll=[throttled, connection_refused(), connection_refused(), connection_refused(),
                        ok({"state": "done"})])
    runner(workflow([POLL]), call, backoff=BackoffPolicy(base=1, maximum=4, max_attempts=9,
                                                         first_contact_attempts=2)).run({"id": "x"})
    assert len(call.calls) == 5
