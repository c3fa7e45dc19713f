"""``imagebuild run`` against the local service."""

import json
import re

import pytest

from imagebuild_resource.cli import main
from imagebuilder_local import (DEMO_DISABLED_PIPELINE_ARN, DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN,
                                DEMO_INFRASTRUCTURE_ARN, DEMO_PIPELINE_ARN,
                                          TEST_ACCESS_KEY, TEST_SECRET_KEY)

from ..conftest import TEST_TIME_SCALE


def first_line_names_the_build(err: str, arn: str) -> bool:
    """The first progress line is the build's ARN and its first status (``PENDING``, or later on a fast clock)."""
    return re.fullmatch(rf"\[00:0\d\] image build {re.escape(arn)}: [A-Z]+", err.splitlines()[0]) is not None


@pytest.fixture()
def argv(imagebuilder_service, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return ["run", "--infrastructure-configuration-arn", DEMO_INFRASTRUCTURE_ARN, "--endpoint-url",
            imagebuilder_service.endpoint_url, "--region", "us-east-1", "--max-poll", "0.05", "--deadline", "20"]


def test_available_prints_outputs_and_progress(argv, capsys):
    assert main([*argv, "--image-recipe-arn", DEMO_IMAGE_RECIPE_ARN, "--client-token", "cli-1"]) == 0
    out, err = capsys.readouterr()
    outputs = json.loads(out)
    assert outputs["finalStatus"] == "AVAILABLE" and outputs["imageBuildVersionArn"]
    assert first_line_names_the_build(err, outputs["imageBuildVersionArn"])
    assert "START" not in err and "-> AVAILABLE" in err


def test_failed_build_exits_nonzero_and_says_what_failed_where(argv, capsys):
    assert main([*argv, "--image-recipe-arn", DEMO_FAILS_AT_TEST_RECIPE_ARN]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["finalStatus"] == "FAILED"
    assert "imagebuild: image build FAILED: Image Tests Failure" in err
    assert "failed step: RunTestSuite" in err and "component arn:aws:imagebuilder:us-east-1:aws:component/" in err
    assert "logs: CloudWatch Logs group /aws/imagebuilder/demo-fails-at-test" in err


def test_each_step_read_is_a_line_and_the_failed_step_is_named(argv, capsys, imagebuilder_admin):
    seconds = 4.0  # real: about 80 polls at 0.05 s, so the 10 % budget allows several step reads
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "TESTING",
                                     "buildMinutes": seconds / TEST_TIME_SCALE / 60})
    assert main([*argv, "--image-recipe-arn", DEMO_IMAGE_RECIPE_ARN]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^\[\d\d:\d\d\] BUILDING: step \d/6 [A-Za-z]+ \(\d+s\)$", err, re.MULTILINE), err
    assert ("failed step: RunTestSuite (ExecuteComponents) of workflow "
            "arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.0/1") in err


def test_aws_region_is_honoured_without_region(argv, capsys, monkeypatch):
    """The README's example exports AWS_REGION; this botocore alone reads only AWS_DEFAULT_REGION."""
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    index = argv.index("--region")
    del argv[index:index + 2]
    assert main([*argv, "--image-recipe-arn", DEMO_IMAGE_RECIPE_ARN]) == 0
    assert json.loads(capsys.readouterr().out)["finalStatus"] == "AVAILABLE"


def test_deadline_is_reported(argv, capsys, imagebuilder_admin):
    imagebuilder_admin.set_scenario({"outcome": "hang", "stage": "BUILDING"})
    argv[argv.index("--deadline") + 1] = "0.5"
    assert main([*argv, "--image-recipe-arn", DEMO_IMAGE_RECIPE_ARN]) == 1
    assert "deadline passed" in capsys.readouterr().err


def test_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "--infrastructure-configuration-arn", "x"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        main(["run", "--image-recipe-arn", "a", "--container-recipe-arn", "b", "--infrastructure-configuration-arn", "x"])


@pytest.fixture()
def pipeline_argv(argv):
    index = argv.index("--infrastructure-configuration-arn")
    return argv[:index] + argv[index + 2:]


def test_a_pipeline_runs_once_and_is_waited_for_like_an_image(pipeline_argv, capsys, imagebuilder_admin):
    assert main([*pipeline_argv, "--image-pipeline-arn", DEMO_PIPELINE_ARN]) == 0
    out, err = capsys.readouterr()
    outputs = json.loads(out)
    assert outputs["finalStatus"] == "AVAILABLE"
    (build,) = imagebuilder_admin.builds()
    assert build["arn"] == outputs["imageBuildVersionArn"]
    assert imagebuilder_admin.counters()["StartImagePipelineExecution"]["calls"] == 1
    assert "CreateImage" not in imagebuilder_admin.counters()
    assert first_line_names_the_build(err, outputs["imageBuildVersionArn"])
    assert "-> AVAILABLE" in err


def test_a_pipeline_whose_build_fails_exits_1_with_the_same_message(pipeline_argv, capsys, imagebuilder_admin):
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "TESTING"})
    assert main([*pipeline_argv, "--image-pipeline-arn", DEMO_PIPELINE_ARN]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["finalStatus"] == "FAILED" and "imagebuild: image build FAILED" in err


def test_a_disabled_pipeline_is_refused_before_anything_starts(pipeline_argv, capsys, imagebuilder_admin):
    assert main([*pipeline_argv, "--image-pipeline-arn", DEMO_DISABLED_PIPELINE_ARN]) == 1
    assert f"imagebuild: Image pipeline {DEMO_DISABLED_PIPELINE_ARN} is DISABLED" in capsys.readouterr().err
    assert "StartImagePipelineExecution" not in imagebuilder_admin.counters()


@pytest.mark.parametrize("extra, words", [
    (["--image-pipeline-arn", "p", "--image-recipe-arn", "r"], "not allowed with argument"),
    (["--image-pipeline-arn", "p", "--infrastructure-configuration-arn", "i", "--client-token", "t"],
     "--infrastructure-configuration-arn, --client-token: not used with --image-pipeline-arn"),
    (["--image-recipe-arn", "r"], "--infrastructure-configuration-arn is required with --image-recipe-arn"),
    ([], "one of the arguments --image-recipe-arn --container-recipe-arn --image-pipeline-arn is required"),
])
def test_exactly_one_of_a_recipe_and_a_pipeline(extra, words, capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", *extra])
    assert info.value.code == 2 and words in capsys.readouterr().err
