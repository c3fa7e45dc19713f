"""Both of pulumi-aws's constructor forms, under Pulumi's mocks (program wiring only), and the TypeErrors.

What the engine sends the provider for each form is covered under the real CLI in
tests/e2e/test_native_api.py.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

from imagebuild_resource import (Ami, ImageBuild, ImageBuildArgs, ImageBuildImageTestsConfigurationArgs,
                                 ImageBuildWorkflowArgs, ImageBuildWorkflowParameterArgs, PipelineBuild,
                                 PipelineBuildArgs)
from imagebuild_resource.resources.construct import args_and_opts

ROOT = pathlib.Path(__file__).resolve().parents[2]
RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"
PIPELINE = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/demo-pipeline"
AMI = "ami-0123456789abcdef0"

RUNNER = textwrap.dedent("""
    import json, sys
    import pulumi

    seen, reported = {}, {}

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args):
            seen[args.name] = dict(args.inputs)
            outputs = dict(args.inputs)
            if args.typ.endswith(":ImageBuild") or args.typ.endswith(":PipelineBuild"):
                outputs["amis"] = [{"region": "us-east-1", "imageId": "%(ami)s", "name": "app", "accountId": "1"}]
            return f"{args.name}-id", outputs

        def call(self, args):
            return {}

    def report(name, output):
        output.apply(lambda value: reported.__setitem__(name, value))

    pulumi.runtime.set_mocks(Mocks(), project="app", stack="dev", preview=False)
    exec(compile(sys.stdin.read(), "program", "exec"), {"__name__": "__main__", "report": report})

    @pulumi.runtime.test
    def settle():
        return pulumi.Output.from_input(1)

    settle()
    print(json.dumps({"seen": seen, "reported": reported}))
""") % {"ami": AMI}


def run(program: str) -> dict:
    result = subprocess.run([sys.executable, "-c", RUNNER], input=textwrap.dedent(program), capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_args_form_and_the_keyword_form_register_the_same_inputs():
    found = run(f"""
        import pulumi
        from imagebuild_resource import (ImageBuild, ImageBuildArgs, ImageBuildImageTestsConfigurationArgs,
                                         PipelineBuild, PipelineBuildArgs)

        tests = ImageBuildImageTestsConfigurationArgs(image_tests_enabled=True, timeout_minutes=90)
        ImageBuild("by-args", ImageBuildArgs(image_recipe_arn="{RECIPE}", infrastructure_configuration_arn="{INFRA}",
                                             image_tests_configuration=tests, tags={{"team": "a"}},
                                             region="us-east-1", profile="build"),
                   pulumi.ResourceOptions(protect=False))
        ImageBuild("by-keywords", image_recipe_arn="{RECIPE}", infrastructure_configuration_arn="{INFRA}",
                   image_tests_configuration=tests, tags={{"team": "a"}}, region="us-east-1", profile="build",
                   opts=pulumi.ResourceOptions(protect=False))
        ImageBuild("args-keyword", args=ImageBuildArgs(image_recipe_arn="{RECIPE}",
                                                       infrastructure_configuration_arn="{INFRA}"))
        PipelineBuild("run-by-args", PipelineBuildArgs(image_pipeline_arn="{PIPELINE}", triggers={{"r": "1"}}))
        PipelineBuild("run-by-keywords", image_pipeline_arn="{PIPELINE}", triggers={{"r": "1"}})
    """)["seen"]
    assert found["by-args"] == found["by-keywords"]
    assert found["by-args"]["imageRecipeArn"] == RECIPE and found["by-args"]["tags"] == {"team": "a"}
    assert found["by-args"]["region"] == "us-east-1" and found["by-args"]["profile"] == "build"
    # a nested Args object goes as the snake_case dict it was written as; check() stores the API's form
    assert found["by-args"]["imageTestsConfiguration"] == {"image_tests_enabled": True, "timeout_minutes": 90}
    assert found["args-keyword"]["infrastructureConfigurationArn"] == INFRA
    assert found["run-by-args"] == found["run-by-keywords"]
    assert found["run-by-args"]["imagePipelineArn"] == PIPELINE and found["run-by-args"]["triggers"] == {"r": "1"}


def test_nested_args_objects_in_lists_go_as_snake_case_dicts_and_dicts_as_written():
    found = run(f"""
        from imagebuild_resource import ImageBuild, ImageBuildWorkflowArgs, ImageBuildWorkflowParameterArgs

        ImageBuild("img", image_recipe_arn="{RECIPE}", infrastructure_configuration_arn="{INFRA}",
                   workflows=[ImageBuildWorkflowArgs(workflow_arn="w", parameters=[
                                  ImageBuildWorkflowParameterArgs(name="n", value=["v"])]),
                              {{"workflowArn": "c", "onFailure": "ABORT"}}],
                   logging_configuration={{"log_group_name": "/aws/imagebuilder/app"}})
    """)["seen"]
    assert found["img"]["workflows"] == [{"workflow_arn": "w", "parameters": [{"name": "n", "value": ["v"]}]},
                                         {"workflowArn": "c", "onFailure": "ABORT"}]
    assert found["img"]["loggingConfiguration"] == {"log_group_name": "/aws/imagebuilder/app"}


def test_amis_entries_are_typed_with_snake_case_attributes_and_keep_their_camel_case_keys():
    reported = run(f"""
        from imagebuild_resource import ImageBuild

        image = ImageBuild("img", image_recipe_arn="{RECIPE}", infrastructure_configuration_arn="{INFRA}")
        report("type", image.amis.apply(lambda amis: type(amis[0]).__name__))
        report("attributes", image.amis.apply(lambda amis: [amis[0].image_id, amis[0].region, amis[0].account_id]))
        report("keys", image.amis.apply(lambda amis: amis[0]["imageId"]))
    """)["reported"]
    assert reported == {"type": "Ami", "attributes": [AMI, "us-east-1", "1"], "keys": AMI}


def test_ami_is_a_dict_of_the_output_keys_with_attributes():
    ami = Ami(region="eu-west-1", image_id=AMI, name="app", account_id="111122223333")
    assert dict(ami) == {"region": "eu-west-1", "imageId": AMI, "name": "app", "accountId": "111122223333"}
    assert (ami.region, ami.image_id, ami.name, ami.account_id) == ("eu-west-1", AMI, "app", "111122223333")


@pytest.mark.parametrize("call, message", [
    (lambda: ImageBuild("x", image_recipe=RECIPE, infrastructure_configuration_arn=INFRA),
     "ImageBuild() got an unexpected keyword argument 'image_recipe' (did you mean image_recipe_arn?); "
     "expected one of infrastructure_configuration_arn, image_recipe_arn,"),
    (lambda: ImageBuild("x", image_recipe_arn=RECIPE),
     "ImageBuild() is missing the required argument infrastructure_configuration_arn; expected "
     "ImageBuild(name, ImageBuildArgs(...), opts=None) or ImageBuild(name, opts=None, **kwargs)"),
    (lambda: ImageBuild("x", ImageBuildArgs(infrastructure_configuration_arn=INFRA), tags={"a": "b"}),
     "ImageBuild() got ImageBuildArgs and the keyword arguments tags; expected one or the other"),
    (lambda: ImageBuild("x", {"infrastructure_configuration_arn": INFRA}),
     "ImageBuild() args: expected ImageBuildArgs, got dict; or give the arguments as keywords"),
    (lambda: ImageBuild("x", PipelineBuildArgs(image_pipeline_arn=PIPELINE)),
     "ImageBuild() args: expected ImageBuildArgs, got PipelineBuildArgs"),
    (lambda: ImageBuild("x", opts={"protect": True}, infrastructure_configuration_arn=INFRA),
     "ImageBuild() opts: expected a pulumi.ResourceOptions, got dict"),
    (lambda: PipelineBuild("x", image_pipeline=PIPELINE),
     "PipelineBuild() got an unexpected keyword argument 'image_pipeline' (did you mean image_pipeline_arn?)"),
    (lambda: PipelineBuild("x", tags={}),
     "PipelineBuild() is missing the required argument image_pipeline_arn"),
])
def test_a_wrong_call_is_a_type_error_naming_the_argument_and_the_expected_forms(call, message):
    with pytest.raises(TypeError) as raised:
        call()
    assert message in str(raised.value)


def test_the_dispatch_reads_args_and_opts_in_every_position_pulumi_aws_accepts():
    import pulumi

    args, opts = ImageBuildArgs(infrastructure_configuration_arn=INFRA), pulumi.ResourceOptions(protect=True)
    assert args_and_opts("ImageBuild", ImageBuildArgs, (args, opts), {}) == (args, opts)
    assert args_and_opts("ImageBuild", ImageBuildArgs, (args,), {"opts": opts}) == (args, opts)
    assert args_and_opts("ImageBuild", ImageBuildArgs, (), {"args": args, "opts": opts}) == (args, opts)
    built, given = args_and_opts("ImageBuild", ImageBuildArgs, (opts,), {"infrastructure_configuration_arn": INFRA})
    assert given is opts and built.infrastructure_configuration_arn == INFRA
    built, given = args_and_opts("ImageBuild", ImageBuildArgs, (), {"infrastructure_configuration_arn": INFRA})
    assert given is None and built.image_recipe_arn is None


def test_the_args_classes_keep_the_keyword_names_of_release_0_1_0_and_read_back_what_was_set():
    tests = ImageBuildImageTestsConfigurationArgs(timeout_minutes=90)
    args = ImageBuildArgs(infrastructure_configuration_arn=INFRA, image_recipe_arn=RECIPE,
                          image_tests_configuration=tests, build_timeout_minutes=30, poll_min_seconds=1,
                          poll_max_seconds=2, cancel_on_timeout=False, delete_output_resources=True,
                          deletion_execution_role="Role", client_token="t", execution_role="r",
                          workflows=[ImageBuildWorkflowArgs(workflow_arn="w", parameters=[
                              ImageBuildWorkflowParameterArgs(name="n", value=["v"])])])
    assert args.image_tests_configuration is tests and tests.timeout_minutes == 90
    assert tests.image_tests_enabled is None
    args.tags = {"team": "a"}
    assert args.tags == {"team": "a"} and args.deletion_execution_role == "Role"
    run_args = PipelineBuildArgs(image_pipeline_arn=PIPELINE, triggers={"r": 1}, region="eu-west-1")
    assert run_args.region == "eu-west-1" and run_args.profile is None
