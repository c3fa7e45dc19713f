"""Faults while several builds run in one `pulumi up`, under the real engine: every build ends right, once.

The local service throttles 30 % of GetImage calls (both 429 CallRateLimitExceededException
and ThrottlingException), answers 20 % with a 5xx, resets connections, answers some calls
slower than the provider's read timeout, hides each new build for its first GetImage calls
(eventual consistency), and restarts from its state file mid-build. The test prints the
figures: calls, faults seen by kind (each one cost a retry), and wall time. With that many
faults the retry back-off (1 s doubling to 30 s) dominates the wall time.
"""

from __future__ import annotations

import json
import time

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from .harness import Project, wait_for
from .test_errors import assert_readable

pytestmark = pytest.mark.e2e

BUILDS = 4
PROGRAM = f"""
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
for index in range({BUILDS}):
    image = ImageBuild(f"img-{{index}}", ImageBuildArgs(
        image_recipe_arn=config.require("recipe"), infrastructure_configuration_arn=config.require("infra"),
        poll_min_seconds=0.2, poll_max_seconds=0.5))
    pulumi.export(f"img-{{index}}", {{"arn": image.image_build_version_arn, "status": image.final_status,
                                      "ami": image.ami_id}})
"""

GET_IMAGE_FAULTS = {"CallRateLimitExceededException": 0.15, "ThrottlingException": 0.15,
                    "ServiceException": 0.10, "ServiceUnavailableException": 0.10, "reset": 0.05}
OTHER_FAULTS = {"ServiceException": 0.10, "ServiceUnavailableException": 0.10, "reset": 0.05}
READ_TIMEOUT = 1.0


def test_builds_survive_throttling_5xx_resets_slow_answers_hidden_builds_and_a_restart(
        tmp_path, restartable_imagebuilder_service, capsys):
    service = restartable_imagebuilder_service
    admin = service.admin
    project = Project.create(tmp_path / "faults", service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.set_config("imagebuild:readTimeoutSeconds", str(READ_TIMEOUT))
    admin.set_time_scale(0.005)  # a 45-minute build takes about 14 s
    admin.inject_fault_mix(GET_IMAGE_FAULTS, "GetImage", seed=11)
    admin.inject_fault("delay", "GetImage", rate=0.05, seed=12, delay=READ_TIMEOUT + 0.5)
    for seed, operation in enumerate(("CreateImage", "ListImageBuildVersions", "TagResource"), start=20):
        admin.inject_fault_mix(OTHER_FAULTS, operation, seed=seed)
    admin.set_not_found_after_create(seconds=600)  # 10 modelled minutes: 3 s here

    started = time.monotonic()
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: sum(b["status"] == "BUILDING" for b in admin.builds()) >= 2, "builds to be running")
    service.restart(down_seconds=2.0)
    output, _ = up.communicate(timeout=600)
    wall = time.monotonic() - started
    assert up.returncode == 0, output
    assert_readable(output)

    outputs = project.outputs()
    assert len(outputs) == BUILDS
    assert all(o["status"] == "AVAILABLE" and o["ami"].startswith("ami-") for o in outputs.values()), outputs
    counts = admin.build_counts()
    assert counts["created"]["total"] == BUILDS, counts
    assert sorted(counts["created"]["byTag"].values()) == [1] * BUILDS, counts  # one build version per resource
    assert {o["arn"] for o in outputs.values()} == {b["arn"] for b in admin.builds()}

    counters = admin.counters()
    faults = {op: c.get("faultsByKind", {}) for op, c in counters.items() if c.get("faultsByKind")}
    assert set(faults["GetImage"]) >= {"CallRateLimitExceededException", "ThrottlingException",
                                       "ServiceException", "ServiceUnavailableException"}, faults
    with capsys.disabled():
        retries = sum(sum(kinds.values()) for kinds in faults.values())
        print(f"\n[faults under load] {BUILDS} builds, wall {wall:.1f} s, service restarted once mid-build, "
              f"{sum(c['calls'] for c in counters.values())} calls, {retries} faults answered (each retried)")
        for operation, counter in sorted(counters.items()):
            print(f"  {operation}: {counter['calls']} calls, faults {json.dumps(faults.get(operation, {}))}")
