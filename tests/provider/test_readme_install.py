"""The README's install lines, run as written from a checkout in a fresh virtualenv.

pip runs them with ``--dry-run`` (through ``PIP_DRY_RUN``, so the lines stay as written): it resolves
both distributions, their extras and every dependency against the package index, and installs
nothing. A dry run cannot install the build backend into an isolated build environment (that install
would be dry too), so the virtualenv gets the build backend pyproject.toml requires and wheel first
and builds without isolation (``PIP_NO_BUILD_ISOLATION=0``: pip reads that variable inverted, as the value of ``--no-build-isolation``'s
``build_isolation``). It needs the index reachable, as ``make venv`` does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from importlib.metadata import version

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ..documents import ROOT, example

INSTALL = example("README.md", marker="install")
SOURCES = ("pyproject.toml", "README.md", "imagebuild_resource", "imagebuilder-local")


def checkout(directory):
    """What a checkout of this repository holds for pip, as ``directory/imagebuild-resource``."""
    target = directory / "imagebuild-resource"
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "tests")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy(source, target / name)


def test_the_install_lines_resolve_the_resource_its_extras_and_the_local_service(tmp_path):
    checkout(tmp_path)
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "VIRTUAL_ENV": str(tmp_path / "venv")}
    env.pop("PYTHONPATH", None)
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    subprocess.run([bin_dir / "pip", "install", "--quiet", *backend, "wheel"], env=env, check=True, timeout=300)
    env.update(PIP_DRY_RUN="1", PIP_NO_BUILD_ISOLATION="0")
    result = subprocess.run(["bash", "-e", "-c", INSTALL], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    would = [line for line in result.stdout.splitlines() if line.startswith("Would install ")]
    assert len(would) == 2, result.stdout
    with_aws, with_local = (dict(name.rsplit("-", 1) for name in line.split()[2:]) for line in would)
    ours = version("imagebuild-resource")
    assert with_aws["imagebuild-resource"] == ours and with_local["imagebuild-resource"] == ours, would
    assert Version(with_aws["pulumi"]) in SpecifierSet(">=3.231.0,<4"), with_aws  # the range, newest first
    assert with_aws["pulumi_aws"].startswith("7."), with_aws
    assert not any(re.match(r"(?i)imagebuilder[-_]local|werkzeug", name) for name in with_aws), with_aws
    assert with_local["imagebuilder-local"] == version("imagebuilder-local"), with_local
    assert sys.prefix not in result.stdout  # the fresh virtualenv's pip, not the test's
