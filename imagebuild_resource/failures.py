"""Turn a FAILED or CANCELLED image (state, reason, failureContext) into one readable message."""

from __future__ import annotations

from typing import Any, Mapping


def build_failure_message(image: Mapping[str, Any], region: str | None = None) -> str:
    """Status and reason, what failed where, the build version ARN and where the logs are."""
    state = image.get("state") or {}
    arn = image.get("arn") or "(unknown build version)"
    lines = [f"image build {state.get('status', 'ended')}: {state.get('reason') or 'no reason given'}"]
    context = state.get("failureContext") or {}
    lines += _context_lines(context)
    lines.append(f"build version: {arn}")
    lines.append(f"logs: {_logs_hint(image, arn, region)}")
    return "\n".join(lines)


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
