"""The README's reference blocks, run against the code: the stack config the provider reads, and the IAM
policy against every Image Builder operation the package calls."""

from __future__ import annotations

import ast
import json
import pathlib
import re

import yaml

from imagebuild_resource.providers import Settings

from ..documents import example

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "imagebuild_resource"
STACK_CONFIG = example("README.md", marker="stack-config")
IAM_POLICY = example("README.md", marker="iam-policy")

CALLERS = {"call", "_call", "must", "once", "pages"}
"""The functions every Image Builder call of the package goes through, with the operation name as a string."""


class StackConfig:
    """``pulumi.dynamic.Config`` as the provider's configure() gets it, from a stack's YAML."""

    def __init__(self, values: dict) -> None:
        self.values = values

    def get(self, key: str):
        value = self.values.get(key)
        return None if value is None else str(value)


def called_operations() -> set[str]:
    """Every Image Builder operation the package calls: string arguments of its call helpers, and the
    operationIds of its Arazzo documents."""
    found = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in CALLERS:
                found |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                          and re.fullmatch(r"(?:[A-Z][a-z]+)+", arg.value)}
    for document in PACKAGE.rglob("*.yml"):
        found |= set(re.findall(r"^\s*operationId:\s*(\w+)\s*$", document.read_text(), re.M))
    return found


def test_the_stack_config_is_what_the_provider_reads():
    config = yaml.safe_load(STACK_CONFIG)["config"]
    settings = Settings.from_config(StackConfig(config))
    assert (settings.region, settings.profile, settings.read_timeout) == ("eu-west-1", "platform-prod", 120.0)
    assert settings.endpoint_url is None  # unset for AWS


def test_the_scan_finds_the_operations_of_every_feature():
    operations = called_operations()
    assert {"CreateImage", "GetImage", "StartImagePipelineExecution", "ListImages", "GetWorkflowStepExecution",
            "StartResourceStateUpdate"} <= operations, operations


def test_the_policy_allows_every_image_builder_operation_the_package_calls_and_no_other():
    statements = {s["Sid"]: s for s in json.loads(IAM_POLICY)["Statement"]}
    granted = {action.removeprefix("imagebuilder:") for action in statements["ImageBuildResource"]["Action"]}
    assert granted == called_operations()
    extra = {action.removeprefix("imagebuilder:") for action in statements["WhatABuildNames"]["Action"]}
    assert not extra & called_operations()  # the second statement holds only what the package never calls
