"""Reading the workflow step a build is on: the call budget, errors that only omit the step, and the words."""

from __future__ import annotations

import time
from typing import Any

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, BuildTimeline, ImageBuilderService

from imagebuild_resource.failures import build_failure_message
from imagebuild_resource.imagebuilder import WaitOptions
from imagebuild_resource.imagebuilder.progress import BuildProgress
from imagebuild_resource.imagebuilder.caller import Caller
from imagebuild_resource.imagebuilder.steps import StepReader, WorkflowStep

from ..builds import image_build
from ..fakes import ARN, INFRA, RECIPE, FakeClock, FakeImageBuilder, client_error

INPUTS = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA}
FAST = WaitOptions(min_poll_seconds=1, max_poll_seconds=4, fast_poll_seconds=2, retry_base_seconds=0.1,
                   retry_max_seconds=1, deadline_seconds=100_000, cancel_wait_seconds=60, random_seed=7)
WORKFLOWS = {"BUILDING": ("BUILD", "build/build-image/1.0.2/1", ["LaunchBuildInstance", "ApplyBuildComponents",
                                                                  "CreateOutputAMI", "TerminateBuildInstance"]),
             "TESTING": ("TEST", "test/test-image/1.0.0/1", ["LaunchTestInstance", "RunTestSuite"]),
             "DISTRIBUTING": ("DISTRIBUTION", "distribution/distribute-image/1.0.0/1", ["DistributeImage"])}
STEP_CALLS = ("ListWorkflowExecutions", "ListWorkflowStepExecutions", "GetWorkflowStepExecution")
FAILED_CONTEXT = {"imageStatus": "TESTING", "workflowExecutionId": "wf-TESTING", "stepExecutionId": "step-TESTING-1",
                  "workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.0/1",
                  "failedStep": "RunTestSuite"}


class FakeWithSteps(FakeImageBuilder):
    """GetImage follows the script; the workflow APIs answer for the status GetImage last gave.

    The running step is the one a poll count within the status points at (one step per
    ``polls_per_step`` polls); ``fail`` makes every workflow call raise that error.
    """

    def __init__(self, statuses: list[Any], polls_per_step: int = 10, fail: Exception | None = None) -> None:
        super().__init__(statuses)
        self.polls_per_step, self.fail = polls_per_step, fail
        self.status, self.in_status = "", 0

    def get_image(self, **kwargs: Any) -> dict[str, Any]:
        answer = super().get_image(**kwargs)
        status = answer["image"]["state"]["status"]
        self.status, self.in_status = status, (self.in_status + 1 if status == self.status else 1)
        if status == "FAILED":
            answer["image"]["state"]["failureContext"] = FAILED_CONTEXT
        return answer

    def _workflow_call(self, name: str, kwargs: dict[str, Any]) -> None:
        self.calls.append((name, kwargs))
        if self.fail is not None:
            raise self.fail

    def list_workflow_executions(self, **kwargs: Any) -> dict[str, Any]:
        self._workflow_call("ListWorkflowExecutions", kwargs)
        found = []
        for status, (kind, arn, steps) in WORKFLOWS.items():
            found.append({"workflowExecutionId": f"wf-{status}", "type": kind, "totalStepCount": len(steps),
                          "workflowBuildVersionArn": f"arn:aws:imagebuilder:us-east-1:aws:workflow/{arn}",
                          "status": "RUNNING" if status == self.status else "COMPLETED"})
            if status == self.status:
                break
        return self._ok({"workflowExecutions": found, "imageBuildVersionArn": ARN})

    def list_workflow_step_executions(self, **kwargs: Any) -> dict[str, Any]:
        self._workflow_call("ListWorkflowStepExecutions", kwargs)
        status = kwargs["workflowExecutionId"].removeprefix("wf-")
        names = WORKFLOWS[status][2]
        running = min(len(names) - 1, (self.in_status - 1) // self.polls_per_step) if status == self.status \
            else len(names) - 1
        steps = [{"name": name, "action": "Act", "stepExecutionId": f"step-{status}-{i}",
                  "status": "RUNNING" if i == running and status == self.status else "COMPLETED"}
                 for i, name in enumerate(names[:running + 1])]
        return self._ok({"steps": steps, "workflowExecutionId": kwargs["workflowExecutionId"]})

    def get_workflow_step_execution(self, **kwargs: Any) -> dict[str, Any]:
        self._workflow_call("GetWorkflowStepExecution", kwargs)
        return self._ok({"stepExecutionId": kwargs["stepExecutionId"], "name": "RunTestSuite",
                         "action": "ExecuteComponents", "status": "FAILED", "message": "exit status 1",
                         "workflowBuildVersionArn": FAILED_CONTEXT["workflowArn"]})

    def step_calls(self) -> int:
        return sum(self.count(name) for name in STEP_CALLS)


def script(pending: int, building: int, testing: int, distributing: int, end: str = "AVAILABLE") -> list[Any]:
    return (["PENDING"] * pending + ["BUILDING"] * building + ["TESTING"] * testing
            + ["DISTRIBUTING"] * distributing + [end])


def run(client: FakeWithSteps, seen: list[WorkflowStep] | None = None):
    return image_build(client, INPUTS, options=FAST, clock=FakeClock(),
                           on_step=(seen.append if seen is not None else lambda _: None))


@pytest.mark.parametrize("shape", [(1, 1, 1, 1), (3, 10, 5, 3), (8, 60, 30, 15), (5, 200, 100, 50), (2, 400, 0, 9),
                                   (10, 25, 25, 25)])
def test_step_reads_cost_at_most_a_tenth_of_the_getimage_calls(shape):
    client = FakeWithSteps(script(*shape))
    run(client)
    assert client.step_calls() <= 0.10 * client.count("GetImage"), (client.step_calls(), client.count("GetImage"))


def test_a_long_stage_is_followed_step_by_step_and_each_status_gets_its_workflow():
    client = FakeWithSteps(script(8, 60, 30, 15), polls_per_step=12)
    seen: list[WorkflowStep] = []
    outcome = run(client, seen)
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    labels = [(s.during, s.workflow, s.label()) for s in seen]
    assert labels[0][:2] == ("BUILDING", "build-image")
    building = [s.number for s in seen if s.during == "BUILDING"]
    assert len(building) >= 3 and building == sorted(building) and building[0] < 4
    assert {during for during, _, _ in labels} == {"BUILDING", "TESTING", "DISTRIBUTING"}
    assert [s.workflow for s in seen if s.during == "TESTING"][0] == "test-image"
    assert all(s.during != "PENDING" for s in seen)
    # no more than one read every 10 polls within a status
    reads = [i for i, (name, _) in enumerate(c for c in client.calls if c[0] in ("GetImage", *STEP_CALLS))
             if name == "ListWorkflowStepExecutions"]
    assert len(reads) == len(seen) and all(b - a > 10 for a, b in zip(reads, reads[1:]))


def test_one_call_of_the_budget_is_kept_for_the_failed_step():
    # BUILDING is read at poll 30 (2 calls + 1 kept <= 3.0); reading TESTING at poll 40 (4 calls) would leave
    # nothing for FAILED at poll 46 (5 > 4.6), so TESTING waits for poll 50, which never comes.
    client = FakeWithSteps(script(5, 30, 10, 0, end=("FAILED", "tests failed")))
    seen: list[WorkflowStep] = []
    outcome = run(client, seen)
    assert [s.during for s in seen] == ["BUILDING", "FAILED"]
    assert outcome.step.name == "RunTestSuite" and client.step_calls() == 3


def test_a_short_build_reads_no_step_at_all():
    client = FakeWithSteps(script(1, 2, 2, 2))
    outcome = run(client, [])
    assert client.step_calls() == 0 and outcome.step is None and outcome.outputs["finalStatus"] == "AVAILABLE"


@pytest.mark.parametrize("error", [
    client_error("AccessDeniedException", 403, "not authorized to perform imagebuilder:ListWorkflowExecutions"),
    client_error("CallRateLimitExceededException", 429),
    client_error("ServiceException", 500),
    ValueError("a bug in a client"),
])
def test_a_step_that_cannot_be_read_is_left_out_and_never_retried(error):
    client = FakeWithSteps(script(8, 60, 30, 15, end=("FAILED", "tests failed")), fail=error)
    seen: list[WorkflowStep] = []
    outcome = run(client, seen)
    assert outcome.outputs["finalStatus"] == "FAILED" and seen == [] and outcome.step is None
    assert 0 < client.step_calls() <= 0.10 * client.count("GetImage")
    message = build_failure_message(outcome.image, "us-east-1", outcome.step)
    assert "failed step: RunTestSuite of workflow arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image" in message


def test_a_failed_build_reads_its_failed_step_once_and_the_message_names_it():
    client = FakeWithSteps(script(8, 60, 30, 15, end=("FAILED", "Image Tests Failure")))
    outcome = run(client, [])
    assert client.count("GetWorkflowStepExecution") == 1
    assert client.calls[-1] == ("GetWorkflowStepExecution", {"stepExecutionId": "step-TESTING-1"})
    step = outcome.step
    assert (step.during, step.name, step.status, step.action, step.workflow) == (
        "FAILED", "RunTestSuite", "FAILED", "ExecuteComponents", "test-image")
    message = build_failure_message(outcome.image, "us-east-1", step)
    assert message.splitlines()[:2] == [
        "image build FAILED: Image Tests Failure",
        "failed step: RunTestSuite (ExecuteComponents) of workflow "
        "arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.0/1: exit status 1"]
    assert message.count("failed step") == 1


def test_steps_are_read_only_when_asked_for():
    client = FakeWithSteps(script(8, 60, 30, 15))
    outcome = image_build(client, INPUTS, options=FAST, clock=FakeClock())
    assert client.step_calls() == 0 and outcome.step is None


def test_a_broken_step_callback_does_not_stop_the_build():
    def broken(_step: WorkflowStep) -> None:
        raise RuntimeError("display broke")

    client = FakeWithSteps(script(8, 60, 30, 15))
    outcome = image_build(client, INPUTS, options=FAST, clock=FakeClock(), on_step=broken)
    assert outcome.outputs["finalStatus"] == "AVAILABLE" and client.step_calls() > 0


class Now:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def step(during: str, name: str, number: int | None = 4, total: int | None = 9) -> WorkflowStep:
    return WorkflowStep(during, "build-image", name, "RUNNING", "ExecuteComponents", number, total)


def test_the_status_line_shows_the_step_of_the_current_status():
    now = Now()
    words = BuildProgress(now)
    words.observe({"state": {"status": "CREATING"}})
    now.t = 100
    assert words.observe({"state": {"status": "BUILDING"}}) == ("CREATING -> BUILDING after 1m", "BUILDING (0s)")
    words.record_step(step("BUILDING", "ApplyBuildComponents"))
    now.t = 100 + 12 * 60
    assert words.observe({"state": {"status": "BUILDING"}}) == (None, "BUILDING: step 4/9 ApplyBuildComponents (12m)")
    assert words.new_step() == "BUILDING: step 4/9 ApplyBuildComponents (12m)"
    assert words.new_step() is None  # shown once
    words.record_step(step("BUILDING", "CreateOutputAMI", None, None))
    assert words.new_step() == "BUILDING: step CreateOutputAMI (12m)"
    now.t += 60
    change, line = words.observe({"state": {"status": "TESTING"}})
    assert line == "TESTING (0s)" and words.new_step() is None  # a step of BUILDING is not TESTING's


def test_a_failed_step_is_no_progress_line():
    words = BuildProgress(Now())
    words.observe({"state": {"status": "FAILED"}})
    words.record_step(WorkflowStep("FAILED", "test-image", "RunTestSuite", "FAILED"))
    assert words.new_step() is None


class _HandClock:
    """The local service's real-time source, moved by hand."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("stage, fraction", [("BUILDING", 0.1), ("BUILDING", 0.6), ("TESTING", 0.5),
                                             ("DISTRIBUTING", 0.5)])
def test_the_step_read_is_the_same_however_the_service_orders_and_cuts_its_pages(stage, fraction):
    """botocore's model documents no order for the workflow lists, and "a page can contain fewer items than the
    maximum, with a nextToken to continue paging": the step read must not depend on either."""
    clock = _HandClock()
    with ImageBuilderService(time_scale=0.001, clock=clock) as service:
        client = service.client()
        arn = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                                  infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
        (start, stop), = [(s, e) for name, s, e in BuildTimeline.for_build(45 * 60, True).stages if name == stage]
        clock.now += (start + fraction * (stop - start)) * 0.001
        image = client.get_image(imageBuildVersionArn=arn)["image"]
        assert image["state"]["status"] == stage

        def read() -> WorkflowStep:
            seen: list[WorkflowStep] = []
            StepReader(Caller(client), seen.append, ratio=10, every=1).observe(image)
            (step,) = seen
            return step

        stable = read()
        for seed in (1, 2, 3):
            service.admin.set_listing(shuffled=True, short_pages=True, seed=seed)
            assert read() == stable, seed
    assert stable.status == "RUNNING" and stable.number and stable.total
