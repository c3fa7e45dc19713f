"""Providers pickled into users' states by earlier releases keep working under the current code.

Pulumi stores the provider (dill, by module path) in every resource's state and loads it
again for read and delete. Each release's fixture holds the providers it pickled; each must
load, configure, read, diff and delete against a local service that holds its builds.
"""

from __future__ import annotations

import dill
import pytest
from pulumi.dynamic import Config, ConfigureRequest

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, ImageBuilderService

from .releases import RELEASES, copy_service_state, deployed_resources

CASES = [(release, name) for release in RELEASES for name in deployed_resources(release)]


@pytest.fixture
def service(tmp_path, request, monkeypatch):
    release = request.node.callspec.params["release"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with ImageBuilderService(time_scale=0.0004, state_file=copy_service_state(release, tmp_path)) as service:
        yield service


def configured(pickled: bytes, endpoint_url: str):
    provider = dill.loads(pickled)
    provider.configure(ConfigureRequest(Config({"aws:region": "us-east-1", "imagebuild:endpointUrl": endpoint_url},
                                               "upgrade-fixture")))
    return provider


def test_every_release_has_both_resources_pickled():
    assert RELEASES and RELEASES[0] == "0.1.0"
    for release in RELEASES:
        assert set(deployed_resources(release)) >= {"ImageBuild", "PipelineBuild"}, release


@pytest.mark.parametrize("release, name", CASES)
def test_a_pickled_provider_reads_diffs_and_deletes_its_build(release, name, service):
    deployed = deployed_resources(release)[name]
    provider = configured(deployed.pickled_provider, service.endpoint_url)

    read = provider.read(deployed.id, deployed.props())
    assert read.id == deployed.id
    for key in ("imageBuildVersionArn", "finalStatus", "amis", "amiId", "tags"):
        assert read.outs[key] == deployed.outputs[key], key

    same = provider.diff(deployed.id, deployed.props(), deployed.props("inputs"))
    assert not same.changes and not same.replaces
    retagged = provider.diff(deployed.id, deployed.props(), {**deployed.props("inputs"), "tags": {"team": "infra"}})
    assert retagged.changes and not retagged.replaces

    provider.delete(deployed.id, deployed.props())
    client = service.client()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image(imageBuildVersionArn=deployed.id)
