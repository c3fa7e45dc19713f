"""Turn a FAILED or CANCELLED image (state, reason, failureContext) into one readable message."""

from __future__ import annotations

from typing import Any, Mapping

from .imagebuilder.images import FAILED
from .imagebuilder.steps import WorkflowStep


def build_failure_message(image: Mapping[str, Any], region: str | None = None,
                          step: WorkflowStep | None = None) -> str:
    """Status and reason, what failed where, the build version ARN and where the logs are.

    ``step`` is the workflow step read when the build failed: when it is the FAILED one it
    names the failed step (with its action, workflow and message), else the image's
    ``failureContext`` does.
    """
    state = image.get("state") or {}
    arn = image.get("arn") or "(unknown build version)"
    reason = state.get("reason") or "no reason given"
    lines = [f"image build {state.get('status', 'ended')}: {reason}"]
    context = state.get("failureContext") or {}
    if step is not None and step.status == FAILED:
        lines.append(_step_line(step, context, reason))
        context = {k: v for k, v in context.items() if k != "failedStep"}
    lines += _context_lines(context)
    lines.append(f"build version: {arn}")
    lines.append(f"logs: {_logs_hint(image, arn, region)}")
    return "\n".join(lines)


def _step_line(step: WorkflowStep, context: Mapping[str, Any], reason: str) -> str:
    """``failed step: RunTestSuite (ExecuteComponents) of workflow ...: message``."""
    action = f" ({step.action})" if step.action else ""
    workflow = context.get("workflowArn") or step.workflow
    where = f" of workflow {workflow}" if workflow else ""
    said = f": {step.message}" if step.message and step.message != reason else ""
    return f"failed step: {step.name}{action}{where}{said}"


def _context_lines(context: Mapping[str, Any]) -> list[str]:
    lines = []
    if context.get("failedStep"):
        where = f" of workflow {context['workflowArn']}" if context.get("workflowArn") else ""
        lines.append(f"failed step: {context['failedStep']}{where}")
    component = context.get("componentFailure") or {}
    if component:
        at = "/".join(str(component[k]) for k in ("phaseName", "stepName", "action") if component.get(k))
        lines.append(
            f"component {component.get('componentArn', '(unnamed)')}"
            f"{f' at {at}' if at else ''}: {component.get('errorMessage', 'no message')}"
        )
    distribution = context.get("distributionFailure") or {}
    if distribution:
        lines.append(f"distribution: {distribution.get('errorMessage', 'failed')}")
        for failure in distribution.get("regionFailures") or []:
            account = f" (account {failure['targetAccountId']})" if failure.get("targetAccountId") else ""
            step = f" at {failure['imageConfigurationStep']}" if failure.get("imageConfigurationStep") else ""
            lines.append(
                f"  {failure.get('region', '?')}{account}: {failure.get('status', 'FAILED')}{step}"
                f" - {failure.get('errorMessage', 'no message')}"
            )
    if context.get("workflowExecutionId"):
        lines.append(f"workflow execution: {context['workflowExecutionId']}")
    return lines


def _logs_hint(image: Mapping[str, Any], arn: str, region: str | None) -> str:
    """Image Builder writes build logs to CloudWatch Logs, one stream per build version."""
    group = (image.get("loggingConfiguration") or {}).get("logGroupName") or f"/aws/imagebuilder/{image.get('name', '')}"
    stream = "/".join(arn.split("/")[-2:]) if arn.count("/") >= 3 else "the build version"
    where = f" in {region}" if region else ""
    return (
        f"CloudWatch Logs group {group}, stream {stream}{where}"
        " (and the S3 log location of the infrastructure configuration, if it sets one)"
    )
