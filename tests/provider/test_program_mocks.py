"""The example program's wiring, under Pulumi's mocks: the launch template gets the AMI id, the pipeline runs."""

import pathlib
import runpy

import pulumi

ROOT = pathlib.Path(__file__).resolve().parents[2]
AMI = "ami-0123456789abcdef0"
ARN = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"


class Mocks(pulumi.runtime.Mocks):
    """Plays the engine: an ImageBuild comes back built, everything else echoes its inputs."""

    def __init__(self) -> None:
        self.resources: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.resources[args.typ] = args
        if args.typ == "pulumi-python:dynamic/imagebuilder:ImageBuild":
            return ARN, {**args.inputs, "imageBuildVersionArn": ARN, "finalStatus": "AVAILABLE", "amiId": AMI,
                         "amis": [{"region": "us-east-1", "imageId": AMI}], "version": "1.0.0/1"}
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


MOCKS = Mocks()
pulumi.runtime.set_mocks(MOCKS, project="imagebuild-example", stack="dev", preview=False)
pulumi.runtime.set_all_config({
    "imagebuild-example:imageRecipeArn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0",
    "imagebuild-example:infrastructureConfigurationArn":
        "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra",
    "imagebuild-example:launchTemplate": "true",
    "imagebuild-example:tags": '{"team": "platform"}',
    "imagebuild-example:pipelineDemo": "true",
    "imagebuild-example:imagePipelineArn": "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/demo-pipeline",
})
runpy.run_path(str(ROOT / "__main__.py"))


@pulumi.runtime.test
def test_launch_template_receives_the_ami_id_and_the_stack_exports_outputs():
    stack = pulumi.runtime.get_root_resource()
    outputs = stack.outputs

    def check(values):
        ami_id, arn, status, template_id = values
        template = MOCKS.resources["aws:ec2/launchTemplate:LaunchTemplate"]
        assert template.inputs["imageId"] == AMI
        assert ami_id == AMI and arn == ARN and status == "AVAILABLE"
        assert template_id == "app-id"
        build = MOCKS.resources["pulumi-python:dynamic/imagebuilder:ImageBuild"]
        assert build.inputs["tags"] == {"team": "platform"}
        assert build.inputs["imageRecipeArn"].endswith("image-recipe/demo-al2023/1.0.0")

    return pulumi.Output.all(outputs["amiId"], outputs["imageBuildVersionArn"], outputs["finalStatus"],
                             outputs["launchTemplateId"]).apply(check)


def test_the_pipeline_demo_runs_the_configured_pipeline_with_its_trigger_and_tags():
    run = MOCKS.resources["pulumi-python:dynamic/imagebuilder:PipelineBuild"]
    assert run.name == "pipeline-run"
    assert run.inputs["imagePipelineArn"].endswith(":image-pipeline/demo-pipeline")
    assert run.inputs["triggers"] == {"release": "1"} and run.inputs["tags"] == {"team": "platform"}
