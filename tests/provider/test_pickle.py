"""The provider pickles the way Pulumi pickles it and carries no live client or credential."""

import base64
import os
import subprocess
import sys

from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from imagebuild_resource.providers import ImageBuildProvider, ImageDistributionProvider

SECRET = "pickle-test-secret-9f3c"

UNPICKLE = """
import base64, sys, dill, botocore.client, botocore.session, boto3
provider = dill.loads(base64.b64decode(sys.stdin.read()))
def walk(value, seen=set()):
    if id(value) in seen:
        return
    seen.add(id(value))
    assert not isinstance(value, (botocore.client.BaseClient, botocore.session.Session, boto3.Session)), value
    for child in (vars(value).values() if hasattr(value, "__dict__") else ()):
        walk(child)
walk(provider)
print(type(provider).__module__ + "." + type(provider).__name__)
"""


def test_provider_round_trips_in_a_fresh_interpreter_without_clients_or_credentials(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDPICKLETEST")
    provider = ImageBuildProvider()
    provider.configure(ConfigureRequest(Config({"aws:region": "us-east-1"}, "p")))
    provider.check({}, {"imageRecipeArn": "x", "infrastructureConfigurationArn": "y"})
    serialized = serialize_provider(provider)
    raw = base64.b64decode(serialized)
    assert SECRET.encode() not in raw and b"AKIDPICKLETEST" not in raw
    assert b"imagebuild_resource.providers.image_build" in raw  # pickled by reference to the installed package
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run([sys.executable, "-c", UNPICKLE], input=serialized, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imagebuild_resource.providers.image_build.ImageBuildProvider"


def test_resource_time_pickle_is_deterministic():
    assert serialize_provider(ImageBuildProvider()) == serialize_provider(ImageBuildProvider())


def test_the_image_distribution_provider_round_trips_by_its_module_path():
    serialized = serialize_provider(ImageDistributionProvider())
    assert b"imagebuild_resource.providers.image_distribution" in base64.b64decode(serialized)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run([sys.executable, "-c", UNPICKLE], input=serialized, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imagebuild_resource.providers.image_distribution.ImageDistributionProvider"
