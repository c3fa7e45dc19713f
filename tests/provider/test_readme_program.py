"""The README's pulumi_aws program, as written, under Pulumi's mocks in preview and in update mode.

Mocks cover only the wiring (which output feeds which input): the ImageBuild itself is
covered under the real engine in tests/e2e.
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
import textwrap


ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGEBUILD = "pulumi-python:dynamic/imagebuilder:ImageBuild"

RUNNER = textwrap.dedent("""
    import json, sys
    import pulumi

    PREVIEW = sys.argv[1] == "preview"
    ARNS = {"aws:imagebuilder/imageRecipe:ImageRecipe": "image-recipe/app/1.4.0",
            "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration":
                "infrastructure-configuration/app-build",
            "aws:imagebuilder/distributionConfiguration:DistributionConfiguration": "distribution-configuration/app"}
    seen = {}

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args):
            outputs = {"name": args.name, **args.inputs}  # a name when the program gives none, as AWS would
            if args.typ in ARNS and not PREVIEW:  # in a preview, a new resource's arn is not known yet
                outputs["arn"] = "arn:aws:imagebuilder:eu-west-1:111122223333:" + ARNS[args.typ]
            if args.typ == "%(imagebuild)s" and not PREVIEW:
                outputs.update(amiId="ami-0123456789abcdef0", imageBuildVersionArn="arn:...:image/app/1.4.0/1")
            seen[args.typ.split(":")[-1] + "::" + args.name] = args.inputs
            return f"{args.name}-id", outputs

        def call(self, args):
            return {"region": "eu-west-1", "name": "eu-west-1", "id": "eu-west-1"}

    pulumi.runtime.set_mocks(Mocks(), project="app", stack="prod", preview=PREVIEW)
    exec(compile(sys.stdin.read(), "README.md", "exec"), {"__name__": "__main__"})

    @pulumi.runtime.test
    def settle():
        return pulumi.Output.from_input(1)

    settle()
    print(json.dumps(seen, default=lambda value: "<unknown>"))
""") % {"imagebuild": IMAGEBUILD}


def readme_program() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Use it in your own stack"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def run(mode: str) -> dict:
    result = subprocess.run([sys.executable, "-c", RUNNER, mode], input=readme_program(), capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_update_mode_wires_recipe_infrastructure_distribution_and_logs_into_the_build_and_the_ami_onwards():
    seen = run("update")
    inputs = seen["ImageBuild::app-image"]
    assert inputs["imageRecipeArn"] == "arn:aws:imagebuilder:eu-west-1:111122223333:image-recipe/app/1.4.0"
    assert inputs["infrastructureConfigurationArn"].endswith("infrastructure-configuration/app-build")
    assert inputs["distributionConfigurationArn"].endswith("distribution-configuration/app")
    assert inputs["loggingConfiguration"] == {"logGroupName": "/imagebuilder/app"}
    assert seen["InfrastructureConfiguration::build"]["instanceProfileName"] == "build"  # the instance profile's
    assert seen["InstanceProfile::build"]["role"] == "build"  # the role's name
    assert seen["LaunchTemplate::app"]["imageId"] == "ami-0123456789abcdef0"


def test_preview_mode_registers_the_build_with_inputs_not_known_yet():
    seen = run("preview")
    inputs = seen["ImageBuild::app-image"]
    assert "imageRecipeArn" not in inputs or inputs["imageRecipeArn"] in (None, "<unknown>"), inputs
    assert inputs["loggingConfiguration"] == {"logGroupName": "/imagebuilder/app"}  # known: an input of LogGroup
    assert inputs["tags"] == {"team": "platform"}
    assert seen["LaunchTemplate::app"].get("imageId") in (None, "<unknown>")
