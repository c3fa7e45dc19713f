"""The README's reference blocks, run against the code: the stack config the provider reads, and the IAM
policy against every Image Builder operation the package calls."""

from __future__ import annotations

import json

import yaml

from imagebuild_resource.providers import Settings

from ..documents import example
from ..operations import called_operations

STACK_CONFIG = example("README.md", marker="stack-config")
IAM_POLICY = example("README.md", marker="iam-policy")


class StackConfig:
    """``pulumi.dynamic.Config`` as the provider's configure() gets it, from a stack's YAML."""

    def __init__(self, values: dict) -> None:
        self.values = values

    def get(self, key: str):
        value = self.values.get(key)
        return None if value is None else str(value)


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
