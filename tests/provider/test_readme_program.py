"""The README's pulumi_aws programs, as written, under Pulumi's mocks in preview and in update mode.

Mocks cover only the wiring (which output feeds which input): the ImageBuild itself is
covered under the real engine in tests/e2e.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap

from imagebuild_resource.providers import ImageBuildProvider, Settings

from ..documents import example

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGEBUILD = "pulumi-python:dynamic/imagebuilder:ImageBuild"
PIPELINEBUILD = "pulumi-python:dynamic/imagebuilder:PipelineBuild"
STACK_CONFIG = {  # what the pipeline program reads from stack config
    "app:imageRecipeArn": "arn:aws:imagebuilder:eu-west-1:111122223333:image-recipe/app/1.4.0",
    "app:infrastructureConfigurationArn": "arn:aws:imagebuilder:eu-west-1:111122223333:infrastructure-configuration/b",
    "app:release": "7",
    "app:goldenImageBuildVersionArn": "arn:aws:imagebuilder:eu-west-1:111122223333:image/golden/1.0.0/3",
}

RUNNER = textwrap.dedent("""
    import json, sys
    import pulumi

    PREVIEW = sys.argv[1] == "preview"
    ARNS = {"aws:imagebuilder/imageRecipe:ImageRecipe": "image-recipe/app/1.4.0",
            "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration":
                "infrastructure-configuration/app-build",
            "aws:imagebuilder/distributionConfiguration:DistributionConfiguration": "distribution-configuration/app",
            "aws:imagebuilder/imagePipeline:ImagePipeline": "image-pipeline/app"}
    seen = {}

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args):
            outputs = {"name": args.name, **args.inputs}  # a name when the program gives none, as AWS would
            if args.typ in ARNS and not PREVIEW:  # in a preview, a new resource's arn is not known yet
                outputs["arn"] = "arn:aws:imagebuilder:eu-west-1:111122223333:" + ARNS[args.typ]
            if args.typ in ("%(imagebuild)s", "%(pipelinebuild)s") and (args.resource_id or not PREVIEW):
                outputs.update(amiId="ami-0123456789abcdef0",
                               imageBuildVersionArn=args.resource_id or "arn:...:image/app/1.4.0/1")
            read = {"id": args.resource_id} if args.resource_id else {}  # a get(): read by its id
            seen[args.typ.split(":")[-1] + "::" + args.name] = {**args.inputs, **read}
            return args.resource_id or f"{args.name}-id", outputs

        def call(self, args):
            return {"region": "eu-west-1", "name": "eu-west-1", "id": "eu-west-1"}

    pulumi.runtime.set_all_config(json.loads(sys.argv[2]))
    pulumi.runtime.set_mocks(Mocks(), project="app", stack="prod", preview=PREVIEW)
    exec(compile(sys.stdin.read(), "README.md", "exec"), {"__name__": "__main__"})

    @pulumi.runtime.test
    def settle():
        return pulumi.Output.from_input(1)

    settle()
    print(json.dumps(seen, default=lambda value: "<unknown>"))
""") % {"imagebuild": IMAGEBUILD, "pipelinebuild": PIPELINEBUILD}


QUICK_START = example("README.md", marker="quick-start")
COMPLETE_STACK = example("README.md", heading="A complete stack", language="python")
PIPELINE_PROGRAM = example("README.md", heading="Run an existing pipeline", language="python")
DISTRIBUTION_PROGRAM = example("README.md", heading="More regions without a rebuild", language="python")


def run(mode: str, program: str = COMPLETE_STACK) -> dict:
    result = subprocess.run([sys.executable, "-c", RUNNER, mode, json.dumps(STACK_CONFIG)],
                            input=program, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_quick_start_builds_from_the_arns_it_names_and_launches_the_ami():
    seen = run("update", QUICK_START)
    inputs = seen["ImageBuild::app-image"]
    assert inputs["imageRecipeArn"] == "arn:aws:imagebuilder:eu-west-1:111122223333:image-recipe/app/1.4.0"
    assert inputs["infrastructureConfigurationArn"].endswith(":infrastructure-configuration/app-build")
    assert inputs["tags"] == {"team": "platform"}
    assert seen["LaunchTemplate::app"]["imageId"] == "ami-0123456789abcdef0"


def test_the_quick_start_previews_with_the_ami_not_known_yet():
    seen = run("preview", QUICK_START)
    assert seen["ImageBuild::app-image"]["imageRecipeArn"].endswith(":image-recipe/app/1.4.0")
    assert seen["LaunchTemplate::app"].get("imageId") in (None, "<unknown>")


def test_update_mode_wires_recipe_infrastructure_distribution_and_logs_into_the_build_and_the_ami_onwards():
    seen = run("update")
    inputs = seen["ImageBuild::app-image"]
    assert inputs["imageRecipeArn"] == "arn:aws:imagebuilder:eu-west-1:111122223333:image-recipe/app/1.4.0"
    assert inputs["infrastructureConfigurationArn"].endswith("infrastructure-configuration/app-build")
    assert inputs["distributionConfigurationArn"].endswith("distribution-configuration/app")
    assert inputs["loggingConfiguration"] == {"log_group_name": "/aws/imagebuilder/app"}  # an Args object, as written
    assert inputs["imageTestsConfiguration"] == {"image_tests_enabled": True, "timeout_minutes": 90}
    stored = ImageBuildProvider(Settings(region="eu-west-1")).check({}, inputs)  # check() stores the API's form
    assert [(f.property, f.reason) for f in stored.failures] == []
    assert stored.inputs["loggingConfiguration"] == {"logGroupName": "/aws/imagebuilder/app"}
    assert stored.inputs["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 90}
    assert seen["InfrastructureConfiguration::build"]["instanceProfileName"] == "build"  # the instance profile's
    assert seen["InstanceProfile::build"]["role"] == "build"  # the role's name
    assert seen["LaunchTemplate::app"]["imageId"] == "ami-0123456789abcdef0"


def test_preview_mode_registers_the_build_with_inputs_not_known_yet():
    seen = run("preview")
    inputs = seen["ImageBuild::app-image"]
    assert "imageRecipeArn" not in inputs or inputs["imageRecipeArn"] in (None, "<unknown>"), inputs
    assert inputs["loggingConfiguration"] == {"log_group_name": "/aws/imagebuilder/app"}  # known: an input of LogGroup
    assert inputs["tags"] == {"team": "platform"}
    assert seen["LaunchTemplate::app"].get("imageId") in (None, "<unknown>")


def test_the_pipeline_program_runs_the_pipeline_it_defines_with_triggers():
    seen = run("update", PIPELINE_PROGRAM)
    inputs = seen["PipelineBuild::app-run"]
    assert inputs["imagePipelineArn"] == "arn:aws:imagebuilder:eu-west-1:111122223333:image-pipeline/app"
    assert inputs["triggers"] == {"recipe": STACK_CONFIG["app:imageRecipeArn"], "release": "7"}
    assert inputs["tags"] == {"team": "platform"} and inputs["buildTimeoutMinutes"] == 120
    assert seen["ImagePipeline::app"]["imageRecipeArn"] == STACK_CONFIG["app:imageRecipeArn"]
    assert seen["LaunchTemplate::app"]["imageId"] == "ami-0123456789abcdef0"


def test_the_distribution_program_distributes_the_ami_of_a_golden_build_it_reads():
    seen = run("update", DISTRIBUTION_PROGRAM)
    assert seen["ImageBuild::golden"]["id"] == STACK_CONFIG["app:goldenImageBuildVersionArn"]
    inputs = seen["ImageDistribution::golden-wider"]
    assert inputs["sourceImage"] == "ami-0123456789abcdef0"
    assert inputs["distributionConfigurationArn"].endswith(":distribution-configuration/app")
    assert inputs["executionRole"] == "ImageBuilderDistribution"
    assert [d["region"] for d in seen["DistributionConfiguration::wider"]["distributions"]] == [
        "eu-west-1", "eu-central-1", "us-east-1"]


def test_the_pipeline_program_previews_with_the_pipeline_not_known_yet():
    seen = run("preview", PIPELINE_PROGRAM)
    inputs = seen["PipelineBuild::app-run"]
    assert inputs.get("imagePipelineArn") in (None, "<unknown>"), inputs
    assert inputs["triggers"]["release"] == "7"
