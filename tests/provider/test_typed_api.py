"""The API as a type checker reads it: users' programs in both forms check clean, and a wrong key, value type
or keyword is flagged. (That the wheel ships ``py.typed`` is tests/e2e/test_wheel_install.py's.)"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOOD = """
import pulumi
from imagebuild_resource import (Ami, ImageBuild, ImageBuildArgs, ImageBuildImageScanningConfigurationArgsDict,
                                 ImageBuildImageTestsConfigurationArgs, ImageBuildImageTestsConfigurationArgsDict,
                                 ImageBuildLoggingConfigurationArgs, ImageBuildWorkflowArgs,
                                 ImageBuildWorkflowParameterArgs, PipelineBuild, PipelineBuildArgs)

tests: ImageBuildImageTestsConfigurationArgsDict = {"image_tests_enabled": True, "timeout_minutes": 90}
scanning: ImageBuildImageScanningConfigurationArgsDict = {
    "image_scanning_enabled": True, "ecr_configuration": {"repository_name": "scans"}}
a = ImageBuild("a", ImageBuildArgs(infrastructure_configuration_arn="i", image_tests_configuration=tests,
                                   image_scanning_configuration=scanning), pulumi.ResourceOptions())
b = ImageBuild("b", infrastructure_configuration_arn="i", image_recipe_arn=a.image_build_version_arn,
               image_tests_configuration=ImageBuildImageTestsConfigurationArgs(timeout_minutes=90),
               logging_configuration=ImageBuildLoggingConfigurationArgs(log_group_name="/aws/imagebuilder/b"),
               workflows=[ImageBuildWorkflowArgs(workflow_arn="w", parameters=[
                   ImageBuildWorkflowParameterArgs(name="n", value=["v"])])],
               opts=pulumi.ResourceOptions(depends_on=[a]))
c = ImageBuild("c", infrastructure_configuration_arn="i", image_tests_configuration={"imageTestsEnabled": True})
run = PipelineBuild("run", PipelineBuildArgs(image_pipeline_arn="p", triggers={"release": 1}))
again = PipelineBuild("again", image_pipeline_arn="p")
first: pulumi.Output[str] = a.amis.apply(lambda amis: amis[0].image_id or "")
entries: pulumi.Output[list[Ami]] = run.amis
ami_id: pulumi.Output[str | None] = b.ami_id
"""

BAD = {
    'bad: ImageBuildImageTestsConfigurationArgsDict = {"timeout_minutes": "90"}': 'TypedDict item "timeout_minutes"',
    'ImageBuild("x", image_recipe="r", infrastructure_configuration_arn="i")': 'did you mean "image_recipe_arn"',
    'ImageBuildWorkflowArgs(parameters=[])': 'Missing named argument "workflow_arn"',
    'y: pulumi.Output[int] = a.ami_id': "Incompatible types in assignment",
}


def mypy(program: str, folder: pathlib.Path) -> str:
    """mypy's report on ``program``, run in ``folder`` (away from the repository's own mypy settings)."""
    (folder / "program.py").write_text(textwrap.dedent(program))
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--python-version", "3.11",
                             "--cache-dir", "/dev/null", "program.py"],
                            capture_output=True, text=True, timeout=300, cwd=folder,
                            env={**os.environ, "MYPYPATH": str(ROOT)})  # the editable install's finder is a hook
    return result.stdout + result.stderr


def test_programs_in_both_forms_type_check_and_wrong_ones_are_flagged_each_on_its_line(tmp_path):
    good_lines = GOOD.count("\n")
    out = mypy(GOOD + "\n".join(BAD) + "\n", tmp_path)
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert not [line for line in errors if int(line.split(":")[1]) <= good_lines], out
    for offset, (line, expected) in enumerate(BAD.items(), start=good_lines + 1):
        assert any(f":{offset}: error:" in e and expected in e for e in errors), (line, out)
