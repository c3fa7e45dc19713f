"""`imagebuild orphans`: builds tagged for a stack that its state does not hold, against the local service."""

from __future__ import annotations

import json

import pytest

from imagebuild_resource import cli, orphans
from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, TEST_ACCESS_KEY,
                                          TEST_SECRET_KEY, demo_arn_in)
from imagebuild_resource.imagebuilder.identity import Identity

INPUTS = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
URN = "urn:pulumi:dev::platform::pulumi-python:dynamic/imagebuilder:ImageBuild::{}"


def build(client, name: str, stack_urn: str = URN) -> str:
    tags = Identity.of(stack_urn.format(name), INPUTS).tags()
    return client.create_image(**INPUTS, clientToken=name, tags=tags)["imageBuildVersionArn"]


def exported(*held: str) -> dict:
    resources = [{"urn": "urn:pulumi:dev::platform::pulumi:pulumi:Stack::platform-dev", "type": "pulumi:pulumi:Stack"}]
    resources += [{"urn": URN.format(f"held-{i}"), "type": "pulumi-python:dynamic/imagebuilder:ImageBuild",
                   "id": arn, "outputs": {"imageBuildVersionArn": arn}} for i, arn in enumerate(held)]
    return {"version": 3, "deployment": {"manifest": {}, "resources": resources}}


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("AWS_REGION", "us-east-1")


def run_cli(service, state_file, *extra, capsys):
    code = cli.main(["orphans", "--stack", "dev", "--state-file", str(state_file),
                     "--endpoint-url", service.endpoint_url, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stack_state_reads_the_held_builds_and_the_stack_name():
    state = orphans.stack_state(exported("arn:a", "arn:b"), "dev")
    assert state == orphans.StackState("platform/dev", frozenset({"arn:a", "arn:b"}))
    assert orphans.stack_state(exported(), "acme/platform/dev").stack == "platform/dev"
    with pytest.raises(orphans.StateError, match="pass --project"):
        orphans.stack_state({"deployment": {"resources": []}}, "dev")
    assert orphans.stack_state({"deployment": {"resources": []}}, "dev", "platform").stack == "platform/dev"
    with pytest.raises(orphans.StateError, match="no 'deployment'"):
        orphans.stack_state({"resources": []}, "dev")


def test_lists_only_this_stacks_builds_that_the_state_does_not_hold(imagebuilder_service, imagebuilder_client,
                                                                    tmp_path, env, capsys):
    held = build(imagebuilder_client, "held")
    orphan = build(imagebuilder_client, "orphan")
    build(imagebuilder_client, "other", "urn:pulumi:prod::platform::pulumi-python:dynamic/imagebuilder:ImageBuild::{}")
    imagebuilder_client.create_image(**INPUTS, clientToken="untagged")
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(exported(held)))

    code, out, err = run_cli(imagebuilder_service, state_file, "--json", capsys=capsys)
    assert code == 0, err
    listed = json.loads(out)
    assert [o["imageBuildVersionArn"] for o in listed] == [orphan]
    assert listed[0]["status"] and listed[0]["dateCreated"]

    code, out, _ = run_cli(imagebuilder_service, state_file, capsys=capsys)
    assert code == 0
    assert out.splitlines()[0] == ("1 build(s) tagged for stack platform/dev that its state does not hold "
                                   "(in us-east-1)")
    assert orphan in out.splitlines()[1] and "age 0h00m" in out


def test_cancel_and_delete(imagebuilder_service, imagebuilder_client, imagebuilder_admin, tmp_path, env, capsys):
    imagebuilder_admin.set_time_scale(0.01)  # slow enough to cancel while it builds
    orphan = build(imagebuilder_client, "orphan")
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(exported()))

    code, _, err = run_cli(imagebuilder_service, state_file, "--project", "platform", "--cancel", capsys=capsys)
    assert code == 0, err
    assert f"{orphan}: cancelled (CANCELLED)" in err
    imagebuilder_admin.set_time_scale(0.0004)

    code, _, err = run_cli(imagebuilder_service, state_file, "--project", "platform", "--delete",
                           "--execution-role", "ImageBuilderLifecycleExecutionRole", capsys=capsys)
    assert code == 0, err
    assert f"{orphan}: deleted with its AMIs and snapshots" in err
    with pytest.raises(imagebuilder_client.exceptions.ResourceNotFoundException):
        imagebuilder_client.get_image(imageBuildVersionArn=orphan)
    code, out, _ = run_cli(imagebuilder_service, state_file, "--project", "platform", capsys=capsys)
    assert out.startswith("0 build(s)")


def test_bad_state_file_is_one_clear_line(imagebuilder_service, tmp_path, env, capsys):
    state_file = tmp_path / "state.json"
    state_file.write_text("not json")
    code, out, err = run_cli(imagebuilder_service, state_file, capsys=capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"imagebuild orphans: {state_file} is not JSON:") and "Traceback" not in err


@pytest.mark.parametrize("extra, message", [
    (["--delete"], "--delete needs --execution-role ROLE: the IAM role (name or ARN) Image Builder deletes the AMIs"),
    (["--cancel", "--execution-role", "r"], "--execution-role is only used with --delete"),
    (["--delete", "--execution-role", "arn:aws:iam::1:role/x"], "--execution-role: expected an IAM role name or role ARN"),
])
def test_delete_needs_a_valid_execution_role_and_says_so_before_any_call(imagebuilder_service, imagebuilder_client,
                                                                         imagebuilder_admin, tmp_path, env, capsys,
                                                                         extra, message):
    """StartResourceStateUpdate: "You must provide this property [executionRole] together with includeResources.
    Neither is valid without the other." Without a role, --delete would be refused by AWS for each build."""
    build(imagebuilder_client, "orphan")
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(exported()))
    before = imagebuilder_admin.counters()
    with pytest.raises(SystemExit) as exited:
        run_cli(imagebuilder_service, state_file, "--project", "platform", *extra, capsys=capsys)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and message in err and "Traceback" not in err, err
    assert err.startswith("usage: imagebuild orphans")
    assert imagebuilder_admin.counters() == before


def test_every_region_of_the_states_builds_is_searched(imagebuilder_service, imagebuilder_client, tmp_path, env,
                                                       capsys):
    """A stack whose builds are in two regions has its orphans in either: the state names the regions."""
    eu = imagebuilder_service.client("eu-west-1")
    eu_inputs = {name: demo_arn_in(arn, "eu-west-1") for name, arn in INPUTS.items()}
    tags = Identity.of(URN.format("away"), eu_inputs).tags()
    held = eu.create_image(**eu_inputs, clientToken="held", tags=tags)["imageBuildVersionArn"]
    orphan = eu.create_image(**eu_inputs, clientToken="orphan", tags=tags)["imageBuildVersionArn"]
    home_orphan = build(imagebuilder_client, "home-orphan")
    state = exported(held)
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(state))
    code, out, err = run_cli(imagebuilder_service, state_file, "--json", capsys=capsys)
    assert code == 0, err
    assert [o["imageBuildVersionArn"] for o in json.loads(out)] == [home_orphan, orphan]
    # a create that failed in eu-west-1 leaves only a pending operation, whose inputs name the region
    pending = {"resource": {"urn": URN.format("away"), "inputs": {"region": "eu-west-1"}}, "type": "creating"}
    state_file.write_text(json.dumps({"deployment": {**exported()["deployment"], "pending_operations": [pending]}}))
    code, out, _ = run_cli(imagebuilder_service, state_file, capsys=capsys)
    assert out.splitlines()[0].endswith("(in us-east-1, eu-west-1)"), out
    assert {orphan, held, home_orphan} <= set(out.split())
