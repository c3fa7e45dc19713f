"""The wheel and the sdist as users get them, installed beside the user's own pulumi.

Both distributions are built from a copy of the source tree (``python -m build``); their
metadata and contents are checked; then the wheels go into a fresh virtualenv that already
holds the user's pulumi (the newest, then the oldest of the range), which must stay, and a real
``pulumi up`` of one ``ImageBuild``, written as a user writes it, runs against the local service
started from that virtualenv. It needs the package index reachable, as ``make venv`` does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.parser import Parser
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from ..documents import ROOT
from ..support import matrix
from .harness import Project

pytestmark = pytest.mark.e2e

MATRIX = matrix()
OLDEST, NEWEST = MATRIX.oldest_sdk(), MATRIX.NEWEST_SDK
RELEASE = version("imagebuild-resource")  # as pyproject.toml declares it (this checkout is installed editable)

NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".tools", ".npm-tools", ".arazzo-tools", ".pulumi-state",
                                    ".hypothesis", "__pycache__", "*.egg-info", "build", "dist")

PROGRAM = """
import pulumi

from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config()
image = ImageBuild("app-image", ImageBuildArgs(
    image_recipe_arn=config.require("imageRecipeArn"),
    infrastructure_configuration_arn=config.require("infrastructureConfigurationArn"),
    tags={"team": "platform"},
))
pulumi.export("amiId", image.ami_id)
pulumi.export("finalStatus", image.final_status)
"""


def clean_env(venv_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_CONSTRAINT")}
    env.update(VIRTUAL_ENV=str(venv_dir), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PATH=f"{venv_dir / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return env


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """Wheel and sdist of both distributions, built from a copy of the tree (tests included, to show they stay out)."""
    source = tmp_path_factory.mktemp("source") / "imagebuild-resource"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE, symlinks=True)
    out = tmp_path_factory.mktemp("dist")
    for project in (source, source / "imagebuilder-local"):
        subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(project)],
                       check=True, capture_output=True, timeout=600)
    found = {path.name: path for path in out.iterdir()}
    assert len(found) == 4, found
    return {kind: next(path for name, path in found.items() if name.startswith(prefix) and name.endswith(suffix))
            for kind, prefix, suffix in (("wheel", "imagebuild_resource-", ".whl"),
                                         ("sdist", "imagebuild_resource-", ".tar.gz"),
                                         ("local wheel", "imagebuilder_local-", ".whl"))}


def test_the_wheel_has_complete_metadata_the_typed_marker_and_the_license_and_no_tests(dists):
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = wheel.namelist()
        info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
    assert not [name for name in names if name.split("/")[0] in ("tests", "bench", "scripts")], names
    assert "imagebuild_resource/py.typed" in names
    assert f"{info}/licenses/LICENSE" in names
    assert "imagebuild_resource/arazzo/documents/amazon-ec2-image-builder-create-image-and-poll-workflow.yml" in names
    assert metadata["Name"] == "imagebuild-resource" and metadata["Version"] == RELEASE
    assert metadata["License-Expression"] == "Apache-2.0" and metadata["License-File"] == "LICENSE"
    assert metadata["Requires-Python"] == ">=3.11"
    classifiers = metadata.get_all("Classifier")
    for python in MATRIX.PYTHONS:
        assert f"Programming Language :: Python :: {python}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert len(metadata.get_all("Project-URL")) >= 2
    requires = metadata.get_all("Requires-Dist")
    assert f"pulumi<4,>={OLDEST}" in requires, requires
    pinned = [line for line in requires if any(spec.operator in ("==", "===") for spec in Requirement(line).specifier)]
    assert not pinned, pinned  # ranges only: the user's versions stay


def test_the_sdist_carries_the_license_and_no_tests(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
    assert not [name for name in names if name.split("/")[0] in ("tests", "bench", "scripts")], names
    assert {"LICENSE", "PKG-INFO", "pyproject.toml", "imagebuild_resource/py.typed"} <= set(names)


@pytest.mark.parametrize("user_pulumi", [NEWEST, OLDEST])
def test_installed_beside_the_users_pulumi_it_keeps_that_version_and_builds(tmp_path, dists, user_pulumi):
    venv_dir = tmp_path / "user-venv"
    venv.create(venv_dir, with_pip=True)
    env, python = clean_env(venv_dir), str(venv_dir / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, f"pulumi=={user_pulumi}"], env=env, check=True, timeout=600)
    subprocess.run([*pip, str(dists["wheel"]), str(dists["local wheel"])], env=env, check=True, timeout=600)
    shown = subprocess.run([python, "-m", "pip", "show", "pulumi"], env=env, capture_output=True, text=True,
                           check=True, timeout=120).stdout
    assert f"\nVersion: {user_pulumi}\n" in shown, shown
    printed = subprocess.run([str(venv_dir / "bin" / "imagebuild"), "--version"], env=env, capture_output=True,
                             text=True, check=True, timeout=120).stdout
    assert printed == f"imagebuild {RELEASE}\n"

    service = subprocess.Popen([python, "-m", "imagebuilder_local", "--port", "0", "--time-scale", "0.0004"],
                               env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert service.stdout is not None
        endpoint = service.stdout.readline().strip()
        assert endpoint.startswith("http://127.0.0.1:"), endpoint
        from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

        project = Project.create(tmp_path / "project", endpoint, PROGRAM, virtualenv=venv_dir)
        project.set_config("imageRecipeArn", DEMO_IMAGE_RECIPE_ARN)
        project.set_config("infrastructureConfigurationArn", DEMO_INFRASTRUCTURE_ARN)
        project.up()
        outputs = project.outputs()
        assert outputs["finalStatus"] == "AVAILABLE" and re.fullmatch(r"ami-[0-9a-f]{17}", outputs["amiId"]), outputs
        project.run("destroy", "--yes", "--skip-preview")
    finally:
        service.terminate()
        service.wait(timeout=30)
