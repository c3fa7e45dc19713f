"""Workflow executions through boto3: the four operations, paging, and their agreement with each build's stages.

The service runs on a fake clock here, so every assertion is about one exact modeled moment.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from imagebuilder_local import (
    BuildTimeline,
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    ImageBuilderService,
    validate_output,
)
from imagebuilder_local.catalog_documents import CatalogError, parse_document

SCALE = 0.001  # real seconds per modeled second; a 45-minute build is 2.7 s of the fake clock
BUILD = ["LaunchBuildInstance", "ApplyBuildComponents", "InventoryCollection", "RunSanitizeScript",
         "CreateOutputAMI", "TerminateBuildInstance"]
TEST = ["LaunchTestInstance", "RunTestSuite", "TerminateTestInstance"]
WORKFLOW = "arn:aws:imagebuilder:us-east-1:aws:workflow/{}"
CUSTOM = {"workflows": [
    {"name": "hardened-build", "version": "2.1.0", "type": "BUILD", "stepWeights": {"Harden": 3},
     "data": "schemaVersion: 1.0\nsteps:\n  - name: Launch\n    action: LaunchInstance\n"
             "  - name: Harden\n    action: ExecuteComponents\n    timeoutSeconds: 900\n"
             "  - name: Snapshot\n    action: CreateImage\n    onFailure: Continue\n"},
    {"name": "smoke-test", "version": "1.0.0", "type": "TEST",
     "data": "schemaVersion: 1.0\nsteps:\n  - name: Probe\n    action: RunCommand\n"},
]}


class FakeTime:
    """The service's real-time source, moved by hand in modeled seconds."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, modeled_seconds: float) -> None:
        self.now += modeled_seconds * SCALE


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def service(fake):
    with ImageBuilderService(time_scale=SCALE, clock=fake, check_signing_region=True) as started:
        yield started
        violations = started.api.violations()
    assert not violations, violations


@pytest.fixture
def client(service):
    """A boto3 client whose every response is checked, client-side, against the model's output shape."""
    made = service.client()
    problems: list[str] = []

    def check(http_response: Any, model: Any, **_: Any) -> None:
        if http_response.status_code == 200:
            problems.extend(f"{model.name}: {p}" for p in validate_output(model.name, json.loads(http_response.content)))

    made.meta.events.register("after-call.imagebuilder", check)
    yield made
    assert not problems, problems


def create(client, recipe=DEMO_IMAGE_RECIPE_ARN, **extra) -> str:
    key = "containerRecipeArn" if ":container-recipe/" in recipe else "imageRecipeArn"
    return client.create_image(**{key: recipe, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN,
                                  **extra})["imageBuildVersionArn"]


def executions(client, arn) -> list[dict[str, Any]]:
    return client.list_workflow_executions(imageBuildVersionArn=arn)["workflowExecutions"]


def steps(client, execution) -> list[dict[str, Any]]:
    return client.list_workflow_step_executions(workflowExecutionId=execution["workflowExecutionId"])["steps"]


def at(fake, fraction: float, stage: str, tests: bool = True) -> None:
    """Move the fake clock to ``fraction`` of ``stage`` of a 45-minute build created at the start."""
    (start, stop), = [(s, e) for name, s, e in BuildTimeline.for_build(45 * 60, tests).stages if name == stage]
    fake.advance(start + fraction * (stop - start))


def test_a_successful_build_ran_the_managed_workflows_of_its_stages(client, fake):
    arn = create(client)
    fake.advance(46 * 60)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] == "AVAILABLE"
    found = executions(client, arn)
    assert [(e["workflowBuildVersionArn"], e["type"], e["status"]) for e in found] == [
        (WORKFLOW.format("build/build-image/1.0.2/1"), "BUILD", "COMPLETED"),
        (WORKFLOW.format("test/test-image/1.0.0/1"), "TEST", "COMPLETED"),
        (WORKFLOW.format("distribution/distribute-image/1.0.0/1"), "DISTRIBUTION", "COMPLETED")]
    build = found[0]
    assert (build["totalStepCount"], build["totalStepsSucceeded"], build["totalStepsFailed"],
            build["totalStepsSkipped"]) == (6, 6, 0, 0)
    assert build["startTime"] < build["endTime"] <= found[1]["startTime"]
    ran = steps(client, build)
    assert [s["name"] for s in ran] == BUILD and {s["status"] for s in ran} == {"COMPLETED"}
    assert [s["action"] for s in ran][:2] == ["LaunchInstance", "ExecuteComponents"]
    assert all(a["endTime"] == b["startTime"] for a, b in zip(ran, ran[1:]))
    one = client.get_workflow_execution(workflowExecutionId=build["workflowExecutionId"])
    assert one["imageBuildVersionArn"] == arn and one["status"] == "COMPLETED" and one["totalStepCount"] == 6
    step = client.get_workflow_step_execution(stepExecutionId=ran[1]["stepExecutionId"])
    assert (step["name"], step["action"], step["status"], step["onFailure"]) == (
        "ApplyBuildComponents", "ExecuteComponents", "COMPLETED", "Abort")
    assert (step["workflowExecutionId"], step["imageBuildVersionArn"]) == (build["workflowExecutionId"], arn)
    assert "message" not in client.list_workflow_executions(imageBuildVersionArn=arn)


def test_while_building_only_started_steps_are_listed_and_one_runs(client, fake):
    arn = create(client)
    assert executions(client, arn) == []  # PENDING: no workflow has started
    at(fake, 0.5, "BUILDING")
    (build,) = executions(client, arn)
    assert (build["status"], build["totalStepCount"], build["totalStepsSucceeded"]) == ("RUNNING", 6, 1)
    assert "endTime" not in build
    ran = steps(client, build)
    assert [(s["name"], s["status"]) for s in ran] == [("LaunchBuildInstance", "COMPLETED"),
                                                       ("ApplyBuildComponents", "RUNNING")]
    assert "endTime" not in ran[1]


def test_the_steps_follow_the_services_time_scale(service, client, fake):
    arn = create(client)
    at(fake, 0.05, "BUILDING")
    (build,) = executions(client, arn)
    service.admin.set_time_scale(SCALE / 10)  # ten times faster from now on
    fake.advance(0.1 * 0.45 * 45 * 60 / 10)  # 0.1 of BUILDING in modeled time
    assert [s["status"] for s in steps(client, build)] == ["COMPLETED", "RUNNING"]


def test_a_failed_test_names_the_failed_step_and_later_steps_never_run(client, fake):
    arn = create(client, DEMO_FAILS_AT_TEST_RECIPE_ARN)
    fake.advance(46 * 60)
    state = client.get_image(imageBuildVersionArn=arn)["image"]["state"]
    context = state["failureContext"]
    listed = client.list_workflow_executions(imageBuildVersionArn=arn)
    assert listed["message"] == state["reason"]
    build, test = listed["workflowExecutions"]  # no distribution workflow ever started
    assert build["status"] == "COMPLETED" and test["status"] == "FAILED"
    assert (test["totalStepCount"], test["totalStepsSucceeded"], test["totalStepsFailed"]) == (3, 1, 1)
    assert test["message"] == f"Step RunTestSuite failed: {state['reason']}"
    assert (context["workflowExecutionId"], context["workflowArn"], context["failedStep"]) == (
        test["workflowExecutionId"], test["workflowBuildVersionArn"], "RunTestSuite")
    ran = steps(client, test)
    assert [(s["name"], s["status"]) for s in ran] == [("LaunchTestInstance", "COMPLETED"), ("RunTestSuite", "FAILED")]
    failed = client.get_workflow_step_execution(stepExecutionId=context["stepExecutionId"])
    assert failed["name"] == "RunTestSuite" and failed["status"] == "FAILED"
    assert failed["message"] == state["reason"] and json.loads(failed["outputs"]) == {"error": state["reason"]}
    assert failed["endTime"] == test["endTime"]


def test_a_scenario_fails_the_step_its_failure_context_names(service, client, fake):
    service.admin.set_scenario({"outcome": "fail", "stage": "BUILDING", "reason": "AMI creation failed.",
                                "failureContext": {"imageStatus": "BUILDING", "failedStep": "CreateOutputAMI"}})
    arn = create(client)
    fake.advance(46 * 60)
    (build,) = executions(client, arn)
    ran = steps(client, build)
    assert [s["name"] for s in ran] == BUILD[:5] and ran[-1]["status"] == "FAILED"
    assert ran[-1]["message"] == "AMI creation failed." and build["status"] == "FAILED"


def test_a_hang_keeps_one_step_running_and_a_cancel_cancels_it(client, fake):
    arn = create(client, DEMO_HANGS_RECIPE_ARN)
    fake.advance(10 * 3600)
    (build,) = executions(client, arn)
    assert [(s["name"], s["status"]) for s in steps(client, build)][-1] == ("ApplyBuildComponents", "RUNNING")
    client.cancel_image_creation(imageBuildVersionArn=arn, clientToken="c")
    fake.advance(60)
    (build,) = executions(client, arn)
    ran = steps(client, build)
    assert build["status"] == "CANCELLED" and ran[-1]["status"] == "CANCELLED" and "endTime" in ran[-1]
    assert ran[-1]["message"] == client.get_image(imageBuildVersionArn=arn)["image"]["state"]["reason"]


def test_a_cancel_between_stages_leaves_the_finished_workflow_completed(client, fake):
    arn = create(client)
    at(fake, 0.96, "BUILDING")  # the cancel lands 30 modeled seconds later, at 98 % of the stage
    client.cancel_image_creation(imageBuildVersionArn=arn, clientToken="c")
    fake.advance(3600)
    (build,) = executions(client, arn)
    assert build["status"] == "CANCELLED" and steps(client, build)[-1]["name"] == "TerminateBuildInstance"


def test_without_image_tests_no_test_workflow_runs(client, fake):
    arn = create(client, imageTestsConfiguration={"imageTestsEnabled": False})
    fake.advance(46 * 60)
    assert [e["type"] for e in executions(client, arn)] == ["BUILD", "DISTRIBUTION"]


def test_a_container_build_runs_the_container_workflows(client, fake):
    arn = create(client, DEMO_CONTAINER_RECIPE_ARN)
    fake.advance(46 * 60)
    assert [e["workflowBuildVersionArn"].split("/")[-3] for e in executions(client, arn)] == [
        "build-container", "test-container", "distribute-image"]


def test_the_workflows_createimage_gives_replace_the_managed_ones(service, client, fake):
    service.admin.add_catalog(CUSTOM)
    own = "arn:aws:imagebuilder:us-east-1:123456789012:workflow/{}"
    arn = create(client, workflows=[{"workflowArn": own.format("test/smoke-test/x.x.x"), "parallelGroup": "smoke"},
                                    {"workflowArn": own.format("build/hardened-build/2.1.0")}],
                 executionRole="arn:aws:iam::123456789012:role/ib-exec")
    at(fake, 0.5, "BUILDING")
    (build,) = executions(client, arn)
    assert build["workflowBuildVersionArn"] == own.format("build/hardened-build/2.1.0/1")
    assert [(s["name"], s["status"]) for s in steps(client, build)] == [("Launch", "COMPLETED"), ("Harden", "RUNNING")]
    harden = steps(client, build)[1]
    assert client.get_workflow_step_execution(stepExecutionId=harden["stepExecutionId"])["timeoutSeconds"] == 900
    fake.advance(46 * 60)
    found = executions(client, arn)
    assert [e["workflowBuildVersionArn"] for e in found] == [
        own.format("build/hardened-build/2.1.0/1"), own.format("test/smoke-test/1.0.0/1"),
        WORKFLOW.format("distribution/distribute-image/1.0.0/1")]
    assert found[1]["parallelGroup"] == "smoke" and "parallelGroup" not in found[0]
    (snapshot,) = [s for s in steps(client, found[0]) if s["name"] == "Snapshot"]
    assert client.get_workflow_step_execution(stepExecutionId=snapshot["stepExecutionId"])["onFailure"] == "Continue"


def test_an_unknown_workflow_is_refused(client):
    with pytest.raises(ClientError) as info:
        create(client, workflows=[{"workflowArn": WORKFLOW.format("build/no-such-workflow/1.0.0")}],
               executionRole="arn:aws:iam::123456789012:role/ib-exec")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert "no-such-workflow" in info.value.response["Error"]["Message"]


def test_pages(client, fake):
    arn = create(client)
    fake.advance(46 * 60)
    first = client.list_workflow_executions(imageBuildVersionArn=arn, maxResults=2)
    second = client.list_workflow_executions(imageBuildVersionArn=arn, maxResults=2, nextToken=first["nextToken"])
    assert len(first["workflowExecutions"]) == 2 and len(second["workflowExecutions"]) == 1
    assert "nextToken" not in second
    build_id = first["workflowExecutions"][0]["workflowExecutionId"]
    paginator = client.get_paginator("list_workflow_step_executions")
    pages = list(paginator.paginate(workflowExecutionId=build_id, PaginationConfig={"PageSize": 4}))
    assert [len(p["steps"]) for p in pages] == [4, 2]
    assert [s["name"] for p in pages for s in p["steps"]] == BUILD
    test_id = first["workflowExecutions"][1]["workflowExecutionId"]
    with pytest.raises(ClientError) as info:
        client.list_workflow_step_executions(workflowExecutionId=test_id, nextToken=pages[0]["nextToken"])
    assert info.value.response["Error"]["Code"] == "InvalidPaginationTokenException"


@pytest.mark.parametrize("call, params", [
    ("get_workflow_execution", {"workflowExecutionId": "wf-00000000-0000-0000-0000-000000000000"}),
    ("list_workflow_step_executions", {"workflowExecutionId": "wf-00000000-0000-0000-0000-000000000000"}),
    ("get_workflow_step_execution", {"stepExecutionId": "step-00000000-0000-0000-0000-000000000000"}),
    ("list_workflow_executions",
     {"imageBuildVersionArn": "arn:aws:imagebuilder:us-east-1:123456789012:image/nothing/1.0.0/1"}),
])
def test_unknown_ids_are_not_found(client, call, params):
    with pytest.raises(ClientError) as info:
        getattr(client, call)(**params)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_an_id_of_the_wrong_form_is_a_validation_error(client):
    with pytest.raises(ClientError) as info:
        client.get_workflow_execution(workflowExecutionId="wf-nope")
    error = info.value.response["Error"]
    assert error["Code"] == "InvalidParameterValueException" and "workflowExecutionId" in error["Message"]


def test_executions_survive_a_restart_of_the_service(tmp_path, fake):
    state = str(tmp_path / "state.json")
    with ImageBuilderService(time_scale=SCALE, clock=fake, state_file=state) as first:
        arn = create(first.client(), DEMO_FAILS_AT_TEST_RECIPE_ARN)
        at(fake, 0.5, "BUILDING")
        before = executions(first.client(), arn)
    with ImageBuilderService(time_scale=SCALE, clock=fake, state_file=state) as second:
        assert executions(second.client(), arn) == before
        fake.advance(46 * 60)
        failed = executions(second.client(), arn)[-1]
        assert failed["status"] == "FAILED" and failed["workflowBuildVersionArn"].endswith("test/test-image/1.0.0/1")


@pytest.mark.parametrize("workflow", [
    {"name": "w", "version": "1.0.0", "type": "BUILD", "data": "steps: []"},
    {"name": "w", "version": "1.0.0", "type": "BUILD", "data": "steps:\n  - name: A\n"},
    {"name": "w", "version": "1.0.0", "type": "IMAGE", "data": "steps:\n  - {name: Ab, action: RunCommand}\n"},
    {"name": "w", "version": "1.0.0", "type": "BUILD", "data": "steps:\n  - {name: Ab, action: RunCommand}\n",
     "stepWeights": {"Other": 2}},
    {"name": "w", "version": "1.0.0", "type": "BUILD", "data": "steps:\n  - {name: Ab, action: RunCommand}\n",
     "stepWeights": {"Ab": 0}},
    {"name": "w", "version": "1.0.0", "type": "BUILD", "data": "steps: [\n"},
])
def test_bad_workflows_in_a_catalog(workflow):
    with pytest.raises(CatalogError):
        parse_document({"workflows": [workflow]}, "us-east-1", "123456789012")


def test_a_step_without_on_failure_or_retries_reads_abort_and_one_attempt(client, fake):
    """GetWorkflowStepExecution: onFailure "If the step doesn't set a value, it defaults to Abort."; maxAttempts "If the
    step doesn't configure retries, the maximum is one attempt." (the managed workflows set neither)."""
    arn = create(client)
    at(fake, 0.5, "BUILDING")
    (build,) = executions(client, arn)
    step = client.get_workflow_step_execution(stepExecutionId=steps(client, build)[0]["stepExecutionId"])
    assert (step["onFailure"], step["attemptNumber"], step["maxAttempts"]) == ("Abort", 1, 1)


@pytest.mark.parametrize("on_failure, status", [("CONTINUE", "AVAILABLE"), ("ABORT", "FAILED"), (None, "FAILED")])
def test_a_failing_test_workflow_set_to_continue_lets_the_build_go_on(service, client, fake, on_failure, status):
    """workflows.onFailure: "The action to take if the workflow fails. If you don't set a value, the image build fails
    when the workflow fails. You can only set this property for test workflows."
    """
    service.admin.set_scenario({"outcome": "fail", "stage": "TESTING", "reason": "smoke test failed"})
    test = {"workflowArn": WORKFLOW.format("test/test-image/1.0.0"), **({"onFailure": on_failure} if on_failure else {})}
    arn = create(client, workflows=[{"workflowArn": WORKFLOW.format("build/build-image/1.0.2")}, test],
                 executionRole="arn:aws:iam::123456789012:role/ib-exec")
    fake.advance(46 * 60)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] == status
    found = executions(client, arn)
    assert [(e["type"], e["status"]) for e in found][:2] == [("BUILD", "COMPLETED"), ("TEST", "FAILED")]
    assert [e["type"] for e in found][2:] == (["DISTRIBUTION"] if status == "AVAILABLE" else [])
