"""Credentials under the real CLI: keys rotated mid-build, temporary and expired ones, and never a key anywhere.

Every test uses credentials that look real, and only they are accepted by the service: a
long-term pair (an ``AKIA...`` id of 20 characters and a secret of 40) or temporary ones
the service issued (``ASIA...``, a secret of 40 and a session token). They are given the
way a user gives them: environment variables, or a profile in a shared credentials file
named by ``AWS_PROFILE`` or by ``aws:profile`` in the stack's config (next to
``imagebuild:endpointUrl``). Wrong credentials are ``test_errors.py::test_wrong_credentials``.
"""

from __future__ import annotations

import base64
import json
import os
import pathlib
import random
from dataclasses import dataclass
from urllib.parse import quote

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from imagebuilder_local import ImageBuilderService
from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN
from imagebuild_resource.providers import ImageBuildProvider, Settings

from .harness import Project, wait_for
from .test_errors import assert_readable, failed

pytestmark = pytest.mark.e2e

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=config.require("recipe"),
    infrastructure_configuration_arn=config.require("infra"),
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("finalStatus", image.final_status)
pulumi.export("amiId", image.ami_id)
"""

SLOW = 0.006
"""Real seconds per modeled second: a 45-minute build takes about 16 s."""
PROFILE = "build-ci"
CREDENTIALS_FILE = "aws-credentials"
EVENT_LOG = "events.jsonl"
KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@dataclass(frozen=True)
class KeyPair:
    """AWS credentials as a user holds them."""

    access_key: str
    secret_key: str
    session_token: str | None = None

    @classmethod
    def real_looking(cls) -> "KeyPair":
        """A fresh long-term pair shaped like AWS's: ``AKIA`` and 16 more characters, a 40-character secret."""
        rng = random.SystemRandom()
        secret = [rng.choice(SECRET_ALPHABET) for _ in range(40)]
        secret[9], secret[27] = "/", "+"  # as in many real secrets: they change under URL and JSON escaping
        return cls("AKIA" + "".join(rng.choice(KEY_ID_ALPHABET) for _ in range(16)), "".join(secret))

    @classmethod
    def issued(cls, document: dict[str, str]) -> "KeyPair":
        """Temporary credentials as the admin API issues them."""
        return cls(document["accessKeyId"], document["secretAccessKey"], document["sessionToken"])

    def values(self) -> dict[str, str]:
        """What must never be shown, by name."""
        named = {"access key": self.access_key, "secret key": self.secret_key, "session token": self.session_token}
        return {name: value for name, value in named.items() if value}


def encodings(value: str) -> dict[str, bytes]:
    """The forms ``value`` could take in a file, a log or a pickle (base64 at every alignment, so it is found
    inside a longer base64 text too), and its head and tail alone (a value cut short)."""
    raw = value.encode()
    forms = {"plain": raw, "head": raw[:12], "tail": raw[-12:], "UTF-16LE": value.encode("utf-16-le"),
             "UTF-16BE": value.encode("utf-16-be"), "hex": raw.hex().encode(), "HEX": raw.hex().upper().encode(),
             "URL-quoted": quote(value, safe="").encode(), "JSON with \\/": value.replace("/", "\\/").encode()}
    for offset in range(3):
        for name, encode in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            text = encode(b"\0" * offset + raw).rstrip(b"=")
            forms[f"{name}@{offset}"] = text[-(-8 * offset // 6):-1]  # only characters made of value's bits
    return forms


def shown(blob: bytes, pair: KeyPair) -> list[str]:
    """Which of ``pair``'s values ``blob`` holds, and in which form."""
    return [f"{name} ({form})" for name, value in pair.values().items()
            for form, encoded in encodings(value).items() if encoded in blob]


def write_profile(path: pathlib.Path, pair: KeyPair) -> None:
    """Write ``pair`` as the ``PROFILE`` profile of a shared credentials file, replacing the file at once."""
    lines = [f"[{PROFILE}]", f"aws_access_key_id = {pair.access_key}", f"aws_secret_access_key = {pair.secret_key}"]
    if pair.session_token:
        lines.append(f"aws_session_token = {pair.session_token}")
    partial = path.with_suffix(".partial")
    partial.write_text("\n".join(lines) + "\n")
    os.replace(partial, path)


def stack(tmp_path: pathlib.Path, service: ImageBuilderService, pair: KeyPair, source: str) -> Project:
    """A project whose provider gets ``pair`` from ``source``: ``env`` (AWS_ACCESS_KEY_ID, ...), or a shared
    credentials file with the profile named by ``AWS_PROFILE`` or by ``aws:profile`` in the stack's config."""
    project = Project.create(tmp_path / "stack", service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        del project.env[name]
    project.env.update(AWS_CONFIG_FILE=str(tmp_path / "no-aws-config"), PULUMI_DEBUG_COMMANDS="true",
                       AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / CREDENTIALS_FILE))
    if source == "env":
        project.env.update(AWS_ACCESS_KEY_ID=pair.access_key, AWS_SECRET_ACCESS_KEY=pair.secret_key)
        if pair.session_token:
            project.env["AWS_SESSION_TOKEN"] = pair.session_token
        return project
    write_profile(tmp_path / CREDENTIALS_FILE, pair)
    if source == "AWS_PROFILE":
        project.env["AWS_PROFILE"] = PROFILE
    else:
        project.set_config("aws:profile", PROFILE)
    return project


def up_command() -> tuple[str, ...]:
    """``pulumi up`` streaming its engine events as JSON and writing them to the event log too."""
    return "up", "--yes", "--skip-preview", "--json", "--event-log", EVENT_LOG


def assert_built(project: Project, service: ImageBuilderService) -> None:
    """One build version exists, AVAILABLE, and the stack's outputs are its own."""
    out = project.outputs()
    (build,) = service.admin.builds()
    assert build["status"] == "AVAILABLE" and out["imageBuildVersionArn"] == build["arn"], (out, build)
    assert out["finalStatus"] == "AVAILABLE" and out["amiId"].startswith("ami-"), out
    assert service.admin.build_counts()["created"]["total"] == 1


def assert_never_shown(project: Project, pair: KeyPair, outputs: list[str]) -> None:
    """No value of ``pair`` in the CLI's ``outputs``, the state (secrets shown too), any file Pulumi wrote (event
    log, state history and backups, config), or the pickled provider; the search finds a value planted there."""
    for text in outputs:
        assert not shown(text.encode(), pair), shown(text.encode(), pair)
    exported = project.run("stack", "export", "--show-secrets").stdout
    for text in (exported, project.run("stack", "export").stdout):
        assert not shown(text.encode(), pair), shown(text.encode(), pair)
    events = [json.loads(line) for line in (project.workdir / EVENT_LOG).read_text().splitlines()]
    assert any("summaryEvent" in event for event in events)  # the whole update, its progress lines included
    assert any("-> AVAILABLE" in event.get("diagnosticEvent", {}).get("message", "") for event in events)
    written = [path for path in project.workdir.rglob("*") if path.is_file() and not path.is_symlink()]
    assert any("history" in path.parts for path in written) and any("logs" in path.parts for path in written)
    for path in written:
        assert not shown(path.read_bytes(), pair), (path, shown(path.read_bytes(), pair))
    providers = [resource["outputs"]["__provider"] for resource in json.loads(exported)["deployment"]["resources"]
                 if "__provider" in resource.get("outputs", {})]
    assert providers
    for serialized in providers:  # a secret: ``{"<secret signature>": ..., "plaintext": "<JSON of the value>"}``
        pickled = base64.b64decode(json.loads(serialized["plaintext"]), validate=True)
        assert not shown(pickled, pair), shown(pickled, pair)
        provider = dill.loads(pickled)
        assert isinstance(provider, ImageBuildProvider) and provider._settings == Settings()
        provider._settings = Settings(profile=pair.secret_key, endpoint_url=pair.access_key)
        planted = base64.b64decode(serialize_provider(provider))
        assert {"secret key (plain)", "access key (plain)"} <= set(shown(planted, pair))


def deploy_and_destroy(project: Project, service: ImageBuilderService, pair: KeyPair) -> None:
    """``pulumi up``, refresh and destroy with ``pair``: the build is right, and no value of ``pair`` is shown."""
    outputs = [project.run(*up_command()).stdout]
    assert_built(project, service)
    outputs.append(project.run("stack", "output", "--json", "--show-secrets").stdout)
    refresh = project.run("refresh", "--yes", "--skip-preview")
    outputs.append(refresh.stdout + refresh.stderr)
    assert_never_shown(project, pair, outputs)
    destroy = project.run("destroy", "--yes", "--skip-preview")
    assert not shown((destroy.stdout + destroy.stderr).encode(), pair)
    assert service.admin.build_counts()["existing"]["total"] == 0


def auth_failures(service: ImageBuilderService) -> dict[str, int]:
    """Calls whose credentials the service refused, by operation."""
    return {operation: counter["authFailures"] for operation, counter in service.admin.counters().items()
            if counter["authFailures"]}


def resource_errors(json_stream: str) -> list[str]:
    """The error messages on the ImageBuild's row in the engine events of ``pulumi up --json``."""
    events = [json.loads(line) for line in json_stream.splitlines() if line.startswith("{")]
    return [event["diagnosticEvent"]["message"].strip() for event in events
            if event.get("diagnosticEvent", {}).get("severity") == "error"
            and event["diagnosticEvent"].get("urn", "").endswith("::img")]


def test_the_search_finds_a_value_in_every_form():
    pair = KeyPair.real_looking()
    assert len(pair.access_key) == 20 and pair.access_key.startswith("AKIA") and len(pair.secret_key) == 40
    for form, encoded in encodings(pair.secret_key).items():
        assert f"secret key ({form})" in shown(b"noise " + encoded + b" noise", pair), form
    for prefix in range(6):  # inside a longer base64 text, wherever the value starts
        blob = base64.b64encode(b"p" * prefix + pair.secret_key.encode() + b"suffix")
        assert any(name.startswith("secret key (base64@") for name in shown(blob, pair)), prefix
    assert shown(b"AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", pair) == []


@pytest.mark.parametrize("source", ["env", "AWS_PROFILE", "aws:profile"])
def test_keys_never_reach_the_state_the_logs_or_the_provider(tmp_path, imagebuilder_service, source):
    pair = KeyPair.real_looking()
    imagebuilder_service.admin.rotate_credentials(pair.access_key, pair.secret_key)  # only this pair is accepted
    deploy_and_destroy(stack(tmp_path, imagebuilder_service, pair, source), imagebuilder_service, pair)
    assert auth_failures(imagebuilder_service) == {}


def test_temporary_credentials_with_a_session_token(tmp_path, imagebuilder_service):
    pair = KeyPair.issued(imagebuilder_service.admin.issue_temporary_credentials(duration_seconds=3600))
    assert pair.session_token
    deploy_and_destroy(stack(tmp_path, imagebuilder_service, pair, "env"), imagebuilder_service, pair)
    assert auth_failures(imagebuilder_service) == {}


def test_without_the_session_token_temporary_credentials_are_refused(tmp_path, imagebuilder_service):
    issued = KeyPair.issued(imagebuilder_service.admin.issue_temporary_credentials(duration_seconds=3600))
    pair = KeyPair(issued.access_key, issued.secret_key)
    result = stack(tmp_path, imagebuilder_service, pair, "env").run(*up_command(), check=False)
    text = failed(result)
    assert resource_errors(result.stdout) == [
        "ListImageBuildVersions failed: UnrecognizedClientException: The security token included in the request is "
        "invalid."]
    assert auth_failures(imagebuilder_service) == {"ListImageBuildVersions": 2}
    assert not shown(text.encode(), issued)


def test_expired_temporary_credentials_fail_once_after_two_calls(tmp_path, imagebuilder_service):
    admin = imagebuilder_service.admin
    pair = KeyPair.issued(admin.issue_temporary_credentials(duration_seconds=3600))
    admin.expire_credentials(pair.access_key)
    result = stack(tmp_path, imagebuilder_service, pair, "env").run(*up_command(), check=False)
    text = failed(result)
    assert resource_errors(result.stdout) == [  # the reattach lookup is the first call
        "ListImageBuildVersions failed: ExpiredTokenException: The security token included in the request is expired"]
    counters = admin.counters()  # the call, then once more with credentials resolved again (the same, expired)
    assert {operation: counter["calls"] for operation, counter in counters.items()} == {"ListImageBuildVersions": 2}
    assert counters["ListImageBuildVersions"]["byCode"] == {"ExpiredTokenException": 2}
    assert admin.builds() == []
    assert not shown(text.encode(), pair)


def test_keys_rotated_mid_build_are_read_again_from_the_shared_file(tmp_path, imagebuilder_service):
    """The rotation as it is done: the new pair is written to the file, then the old one is refused. The provider's
    client still signs with the old pair (botocore keeps what it read); the refused call is the one that makes
    the client again, which reads the file afresh."""
    admin = imagebuilder_service.admin
    old, new = KeyPair.real_looking(), KeyPair.real_looking()
    admin.rotate_credentials(old.access_key, old.secret_key)
    project = stack(tmp_path, imagebuilder_service, old, "aws:profile")
    admin.set_time_scale(SLOW)
    up = project.start(*up_command())
    try:
        wait_for(lambda: [b["status"] for b in admin.builds()] == ["BUILDING"]
                 and admin.counters().get("GetImage", {}).get("calls", 0) >= 3)
        before = max(call["seq"] for call in admin.calls())
        write_profile(tmp_path / CREDENTIALS_FILE, new)
        admin.rotate_credentials(new.access_key, new.secret_key)
        assert [b["status"] for b in admin.builds()] == ["BUILDING"]
        output, _ = up.communicate(timeout=300)
    finally:
        if up.poll() is None:
            up.kill()
            up.communicate()
    assert up.returncode == 0, output
    assert_readable(output)
    assert_built(project, imagebuilder_service)
    assert [c["accessKeyId"] for c in admin.credentials()] == [new.access_key]

    calls = [call for call in admin.calls() if call["seq"] > before]
    (refused,) = [i for i, call in enumerate(calls) if call["authFailure"]]  # one call signed with the old pair
    assert all(call["status"] == 200 for call in calls[:refused])  # the old pair worked until the rotation
    assert calls[refused]["error"] == "UnrecognizedClientException"
    repeated = calls[refused + 1]  # the same call again, with the pair read afresh from the file
    assert repeated["operation"] == calls[refused]["operation"] and repeated["status"] == 200, calls
    assert auth_failures(imagebuilder_service) == {calls[refused]["operation"]: 1}
    calls = calls[refused + 1:]
    getimage = [call for call in calls if call["operation"] == "GetImage"]
    assert len(getimage) >= 3 and all(call["status"] == 200 for call in getimage)
    assert_never_shown(project, old, [output])
    assert_never_shown(project, new, [output])


def test_temporary_credentials_expiring_mid_build_fail_once_after_four_calls(tmp_path, imagebuilder_service):
    admin = imagebuilder_service.admin
    pair = KeyPair.issued(admin.issue_temporary_credentials(duration_seconds=3600))
    project = stack(tmp_path, imagebuilder_service, pair, "env")
    admin.set_time_scale(SLOW)
    up = project.start(*up_command())
    try:
        wait_for(lambda: [b["status"] for b in admin.builds()] == ["BUILDING"]
                 and admin.counters().get("GetImage", {}).get("calls", 0) >= 3)
        before = max(call["seq"] for call in admin.calls())
        admin.expire_credentials(pair.access_key)
        output, _ = up.communicate(timeout=300)
    finally:
        if up.poll() is None:
            up.kill()
            up.communicate()
    assert up.returncode != 0
    assert_readable(output)
    (build,) = admin.builds()
    expired = "ExpiredTokenException: The security token included in the request is expired"
    assert resource_errors(output) == [
        f"Step 'getImage' failed with HTTP 403 (image build version {build['arn']}): {expired}; the build may still "
        f"be running and could not be cancelled: GetImage failed: {expired}."]
    # the poll and its repeat with credentials resolved again, then the same two for the cancel's look at the build
    calls = [(call["operation"], call["error"]) for call in admin.calls() if call["seq"] > before]
    assert calls == [("GetImage", "ExpiredTokenException")] * 4, calls
    assert build["status"] == "BUILDING"  # left running, as the message says: it could not be cancelled
    assert not shown(output.encode(), pair)
