"""Drive the real Pulumi CLI on a throw-away project wired to a local Image Builder service."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGEBUILD_TYPE = "pulumi-python:dynamic/imagebuilder:ImageBuild"
TEST_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
TEST_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def with_default_signals() -> None:
    """``preexec_fn`` for a child that a test interrupts: SIGINT and SIGTERM at their defaults.

    A disposition set to ignore survives exec, and a suite started in the background (``cmd &``)
    starts with SIGINT ignored: a child that must hear SIGINT then never would.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


class PulumiError(AssertionError):
    """A pulumi command failed; carries its combined output."""


@dataclass
class Project:
    """A Pulumi project in a temporary folder, one stack, a file backend of its own."""

    workdir: pathlib.Path
    endpoint_url: str
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, workdir: pathlib.Path, endpoint_url: str, program: str, *, name: str = "e2e",
               stack: str = "test", virtualenv: pathlib.Path = pathlib.Path(sys.prefix)) -> "Project":
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "state").mkdir()
        (workdir / "Pulumi.yaml").write_text(textwrap.dedent(f"""\
            name: {name}
            runtime:
              name: python
              options:
                toolchain: pip
                virtualenv: {virtualenv}
            """))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PULUMI_"))}
        env.update(
            PULUMI_BACKEND_URL=f"file://{workdir / 'state'}",
            PULUMI_CONFIG_PASSPHRASE="e2e-local-only",
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
            PULUMI_HOME=str(workdir / "pulumi-home"),
            AWS_ACCESS_KEY_ID=TEST_ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=TEST_SECRET_KEY,
            AWS_EC2_METADATA_DISABLED="true",
        )
        project = cls(workdir, endpoint_url, env)
        project.write_program(program)
        project.run("stack", "init", stack)
        project.set_config("aws:region", "us-east-1")
        project.set_config("imagebuild:endpointUrl", endpoint_url)
        return project

    def write_program(self, program: str) -> None:
        (self.workdir / "__main__.py").write_text(textwrap.dedent(program))

    def set_config(self, key: str, value: str) -> None:
        self.run("config", "set", key, value)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["pulumi", *args, "--non-interactive"], cwd=self.workdir, env=self.env,
            capture_output=True, text=True, timeout=600,
        )
        if check and result.returncode != 0:
            raise PulumiError(f"pulumi {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def start(self, *args: str) -> subprocess.Popen:
        """Start a pulumi command without waiting for it (output captured, combined)."""
        return subprocess.Popen(["pulumi", *args, "--non-interactive"], cwd=self.workdir, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                preexec_fn=with_default_signals)

    def up(self, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("up", "--yes", "--skip-preview", check=check)

    def preview_steps(self) -> list[dict]:
        """The steps of ``pulumi preview --json``."""
        return json.loads(self.run("preview", "--json").stdout).get("steps", [])

    def outputs(self) -> dict:
        return json.loads(self.run("stack", "output", "--json", "--show-secrets").stdout)

    def resources(self, type_: str = IMAGEBUILD_TYPE) -> list[dict]:
        """The stack's resources of ``type_`` from ``pulumi stack export`` (secrets shown)."""
        state = json.loads(self.run("stack", "export", "--show-secrets").stdout)
        return [r for r in state["deployment"].get("resources") or [] if r["type"] == type_]

    def resources_raw(self, type_: str = IMAGEBUILD_TYPE) -> list[dict]:
        """The stack's resources of ``type_`` as stored: secrets as ciphertext."""
        state = json.loads(self.run("stack", "export").stdout)
        return [r for r in state["deployment"].get("resources") or [] if r["type"] == type_]


PROVIDER_MODULE = b"pulumi.dynamic"
"""The argument of ``python -m pulumi.dynamic``: the dynamic-provider process."""


def processes_in(workdir: pathlib.Path, argument: bytes | None = None) -> list[int]:
    """PIDs of processes whose working directory is ``workdir`` and, if given, with ``argument`` on their command line."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (argument is None or argument in (entry / "cmdline").read_bytes().split(b"\0")) and \
                    (entry / "cwd").resolve() == workdir.resolve():
                found.append(int(entry.name))
        except OSError:  # gone, or not ours to read
            continue
    return found


def wait_for(condition: Callable[[], object], what: str = "the condition", seconds: float = 120) -> None:
    """Poll ``condition`` until it holds; fail the test, naming ``what``, after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def locked_cli_version() -> str:
    """The Pulumi CLI's version: the ``pulumi==`` pin of requirements.lock (what scripts/ensure-pulumi.sh builds)."""
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.startswith("pulumi=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError("requirements.lock pins no pulumi")


def pulumi_version() -> str | None:
    """The version of the ``pulumi`` on PATH, or None."""
    if shutil.which("pulumi") is None:
        return None
    out = subprocess.run(["pulumi", "version"], capture_output=True, text=True, timeout=60)
    return out.stdout.strip().lstrip("v") or None
