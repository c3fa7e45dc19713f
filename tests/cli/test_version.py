"""``imagebuild --version`` prints the installed distribution's version."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from ..documents import ROOT


def test_the_installed_command_prints_the_distributions_version():
    command = Path(sys.executable).with_name("imagebuild")
    result = subprocess.run([str(command), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"imagebuild {version('imagebuild-resource')}\n"


def test_the_version_is_the_one_pyproject_declares():
    declared = re.search(r'^version = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(), flags=re.M)
    assert declared is not None and version("imagebuild-resource") == declared.group(1)
