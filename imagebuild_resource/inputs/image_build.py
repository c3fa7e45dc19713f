"""The one table of ImageBuild inputs: what each is, how it is checked, and what changing it does.

Build inputs are exactly the members of Image Builder's CreateImage request, read from
botocore's model, so every member is covered and validated the way AWS validates it.
Changing ``tags`` retags the build in place; changing any other member is a new build;
the options (:mod:`.table`) never change anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from botocore.model import StructureShape

from . import shapes
from ..engine.values import contains_unknown, is_unknown
from ..imagebuilder import identity
from .table import (TAGS, Changes, Role, normalized, option_problems, option_role, region_problems, tag_problems,
                    unique_by_path)
from .table import changes as compare

CLIENT_TOKEN = "clientToken"
RECIPE_INPUTS = identity.RECIPE_MEMBERS
REGIONAL_ARN_INPUTS = (*RECIPE_INPUTS, "infrastructureConfigurationArn", "distributionConfigurationArn")


def _create_image_shape() -> StructureShape:
    shape = shapes.operation_model("CreateImage").input_shape
    assert isinstance(shape, StructureShape)
    return shape


def request_shape() -> StructureShape:
    """CreateImage's request: the shape of the build inputs, nested members included."""
    return _create_image_shape()


def build_input_names() -> tuple[str, ...]:
    """Every CreateImage member, in model order (tags included)."""
    return tuple(_create_image_shape().members)


def role(name: str) -> Role | None:
    """The role of an input, or None for names that are not inputs (outputs, ``__provider``)."""
    if name == TAGS:
        return Role.UPDATE
    if name in _create_image_shape().members:
        return Role.REPLACE
    return option_role(name)


def check(news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]:
    """Every problem with the inputs, one per bad property; unknown values pass."""
    shape = _create_image_shape()
    problems: list[shapes.Problem] = []
    recipes = [n for n in RECIPE_INPUTS if news.get(n) is not None]
    if not recipes:
        problems.append(shapes.Problem(
            "imageRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is required; got neither"))
    elif len(recipes) == 2 and not any(contains_unknown(news[n]) for n in recipes):
        problems.append(shapes.Problem(
            "containerRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is allowed; got both"))
    for name, member in shape.members.items():
        value = news.get(name)
        if value is None:
            if name in shape.required_members and name != CLIENT_TOKEN:
                problems.append(shapes.Problem(name, f"is required: {shapes.describe(member)}"))
            continue
        problems += shapes.validate(value, member, name, skip=is_unknown)
    problems += _documented_rules(news)
    problems += tag_problems(news.get(TAGS))
    if region:
        problems += region_problems(news, region, REGIONAL_ARN_INPUTS)
    return unique_by_path(problems + option_problems(news))


LOG_NAMESPACE = "/aws/imagebuilder/"
_WORKFLOW_TYPE = re.compile(r":workflow/(build|test|distribution)/")
_ECR_REGISTRY = re.compile(r"^[0-9]{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/")
_ROLE_FORM = "an IAM role name or role ARN (arn:aws:iam::ACCOUNT:role/NAME)"


def _known(value: Any) -> Any:
    """``value`` if it is known at this check, else None (an unknown value passes every rule)."""
    return None if value is None or contains_unknown(value) else value


def _documented_rules(news: Mapping[str, Any]) -> list[shapes.Problem]:
    """What botocore's model documents about CreateImage's members together, beyond each member's shape.

    Each rule quotes its sentence (docs/aws-constraints.md lists them all). What the request alone
    cannot show (permissions, Amazon Inspector, whether a repository exists) is left to AWS.
    """
    problems: list[shapes.Problem] = []
    for name in RECIPE_INPUTS:
        arn = _known(news.get(name))
        version = arn.rsplit("/", 1)[-1].split(".") if isinstance(arn, str) else []
        # ListImages' imageVersionList: "When you use a wildcard in any node, all nodes to the right of the first
        # wildcard must also be wildcards."
        if "x" in version and any(part != "x" for part in version[version.index("x"):]):
            problems.append(shapes.Problem(name, f"expected a version with wildcards only to the right of the first "
                                                 f"one (1.x.x, 1.2.x), got {'.'.join(version)} in {arn}"))
    role = news.get("executionRole")
    workflows = _known(news.get("workflows"))
    # workflows: "... you must also provide an executionRole." executionRole: "This property is required if you
    # specify workflows."
    if workflows and role is None:
        problems.append(shapes.Problem("executionRole", f"is required when workflows is set: expected {_ROLE_FORM} "
                                                        "that Image Builder runs the workflows with"))
    for index, workflow in enumerate(workflows if isinstance(workflows, list) else []):
        found = _WORKFLOW_TYPE.search(str(workflow.get("workflowArn"))) if isinstance(workflow, Mapping) else None
        kind = found.group(1) if found else "test"
        for member in ("parallelGroup", "onFailure") if kind != "test" else ():
            # parallelGroup: "This field only applies for test workflows." onFailure: "You can only set this property
            # for test workflows."
            if workflow.get(member) is not None:
                problems.append(shapes.Problem(f"workflows[{index}].{member}", (
                    f"can only be set on a test workflow (arn:...:workflow/test/NAME/VERSION); "
                    f"{workflow['workflowArn']} is a {kind} workflow")))
    scanning = _known(news.get("imageScanningConfiguration"))
    scanning = scanning if isinstance(scanning, Mapping) else {}
    tests = _known(news.get("imageTestsConfiguration"))
    # imageScanningEnabled: "You must also enable image tests."
    if scanning.get("imageScanningEnabled") is True and isinstance(tests, Mapping) \
            and tests.get("imageTestsEnabled") is False:
        problems.append(shapes.Problem("imageScanningConfiguration.imageScanningEnabled",
                                       "needs image tests, but imageTestsConfiguration.imageTestsEnabled is false"))
    given_types = scanning.get("imageScanningTypes")
    types: list[Any] = given_types if isinstance(given_types, list) else []
    # imageScanningTypes, ON_DEMAND_AMI_CVE: "To use this scan, you must build from an image recipe".
    if "ON_DEMAND_AMI_CVE" in types and news.get("containerRecipeArn") is not None:
        problems.append(shapes.Problem("imageScanningConfiguration.imageScanningTypes",
                                       "ON_DEMAND_AMI_CVE scans an AMI: it needs imageRecipeArn, not "
                                       "containerRecipeArn; expected ['TEST_INSTANCE_CVE'] for a container"))
    # scanResultCondition: "You can set scanResultCondition only when imageScanningTypes is ON_DEMAND_AMI_CVE."
    if scanning.get("scanResultCondition") is not None and "ON_DEMAND_AMI_CVE" not in types:
        problems.append(shapes.Problem("imageScanningConfiguration.scanResultCondition",
                                       "can only be set when imageScanningTypes is ['ON_DEMAND_AMI_CVE']"))
    ecr = scanning.get("ecrConfiguration")
    repository = ecr.get("repositoryName") if isinstance(ecr, Mapping) else None
    # repositoryName: "Provide the repository name only (a namespace path is allowed, but not the registry hostname)"
    if isinstance(repository, str) and _ECR_REGISTRY.match(repository):
        problems.append(shapes.Problem("imageScanningConfiguration.ecrConfiguration.repositoryName", (
            "expected the repository name only (a namespace path such as team/scans is allowed), without the "
            f"registry hostname; got {repository!r}")))
    logging = _known(news.get("loggingConfiguration"))
    group = logging.get("logGroupName") if isinstance(logging, Mapping) else None
    # loggingConfiguration: "If you specify a log group name outside of the /aws/imagebuilder/ namespace, you must
    # also provide an executionRole that has permission to write to that log group."
    if isinstance(group, str) and not group.startswith(LOG_NAMESPACE) and role is None:
        problems.append(shapes.Problem("executionRole", (
            f"is required when loggingConfiguration.logGroupName is outside {LOG_NAMESPACE} (got {group!r}): "
            f"expected {_ROLE_FORM} that may write to that log group")))
    return problems


def changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Compare old and new inputs: tags change in place, every other member is a new build."""
    return compare(olds, news, build_input_names(), role)


def create_members(props: Mapping[str, Any]) -> dict[str, Any]:
    """The CreateImage members set in ``props``, numbers made integral where the model wants it."""
    members = {}
    for name in build_input_names():
        value = props.get(name)
        if value is not None and not (name == TAGS and not value):
            members[name] = normalized(name, value)
    return members
