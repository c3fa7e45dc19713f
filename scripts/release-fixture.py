#!/usr/bin/env python3
"""Make a release's upgrade fixture: the stack that release deploys, as tests/upgrade/fixtures/VERSION/ holds it.

Usage: scripts/release-fixture.py REF OUTDIR [--program FILE]

REF is the release's git tag or commit (``v0.2.0``). In a throw-away folder: that release's
source (``git archive``), a virtualenv with the release installed under its own
requirements.lock, its local Image Builder service on 127.0.0.1:4611 with a state file
(``python -m imagebuilder_local`` from 0.2.0 on, ``python -m imagebuild_resource.emulator`` in
0.1.0), and a ``pulumi up`` of the fixture program in a stack named ``fixture`` (``aws:region:
us-east-1``, the passphrase ``e2e-local-only``, ``imagebuild:endpointUrl`` at the service). OUTDIR
then gets what CONTRIBUTING.md's "Release fixtures" lists: stack.json (``pulumi stack export``,
the engine's ``sourcePosition`` and ``stackTrace`` removed), providers.json (the dynamic resources
of ``pulumi stack export --show-secrets``), service-state.json, the program, the project, the
stack's config (the endpoint left out: the tests add their own) and a README.md naming the
commit and the CLI. The Pulumi CLI is the one on PATH (source scripts/pulumi-env.sh first).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "tests" / "upgrade" / "fixtures" / "0.1.0" / "__main__.py"
PORT = 4611
"""The service's port: the exported state records the endpoint, and tests/e2e/test_upgrades.py replaces it."""
PASSPHRASE = "e2e-local-only"
ACCESS_KEY, SECRET_KEY = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TIME_SCALE = "0.0004"
ENGINE_PATHS = ("sourcePosition", "stackTrace")
PROJECT = "upgrade-fixture"


def log(message: str) -> None:
    print(f"release-fixture: {message}", file=sys.stderr, flush=True)


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, text=True, **kwargs)


def checkout(ref: str, target: Path) -> str:
    """The release's tracked files in ``target``; its commit."""
    commit = run(["git", "-C", str(ROOT), "rev-parse", f"{ref}^{{commit}}"], capture_output=True).stdout.strip()
    archive = target.parent / "source.tar"
    run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), commit])
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return commit


def install(source: Path, venv: Path) -> str:
    """The release, its local service and its lock's pins in a new virtualenv; the service's module."""
    run([sys.executable, "-m", "venv", str(venv)])
    local = source / "imagebuilder-local"
    wanted = [str(local)] if (local / "pyproject.toml").is_file() else []
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--constraint", str(source / "requirements.lock"), *wanted, f"{source}[local]"])
    return "imagebuilder_local" if wanted else "imagebuild_resource.emulator"


def without_engine_paths(value: Any) -> Any:
    """``value`` without the engine's fields that name paths of the machine that made it."""
    if isinstance(value, dict):
        return {k: without_engine_paths(v) for k, v in value.items() if k not in ENGINE_PATHS}
    if isinstance(value, list):
        return [without_engine_paths(item) for item in value]
    return value


def dynamic_resources(state: dict) -> dict[str, dict]:
    """The dynamic resources of an export by type name: URN, id, inputs (the pickled provider among them), outputs."""
    return {r["type"].rsplit(":", 1)[1]: {key: r[key] for key in ("urn", "id", "inputs", "outputs")}
            for r in state["deployment"].get("resources") or [] if r["type"].startswith("pulumi-python:dynamic/")}


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n")


def make_fixture(ref: str, out: Path, program: Path, work: Path) -> None:
    source, venv, project, state = work / "source", work / "venv", work / "project", work / "state"
    for folder in (source, project, state):
        folder.mkdir(parents=True)
    commit = checkout(ref, source)
    log(f"installing {ref} ({commit[:7]}) into a throw-away virtualenv")
    module = install(source, venv)
    cli = run(["pulumi", "version"], capture_output=True).stdout.strip()
    (project / "Pulumi.yaml").write_text(textwrap.dedent(f"""\
        name: {PROJECT}
        runtime:
          name: python
          options:
            toolchain: pip
            virtualenv: {venv}
        """))
    shutil.copyfile(program, project / "__main__.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PULUMI_"))}
    env.update(PULUMI_BACKEND_URL=f"file://{state}", PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
               PULUMI_HOME=str(work / "pulumi-home"), PULUMI_SKIP_UPDATE_CHECK="true",
               PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true", AWS_ACCESS_KEY_ID=ACCESS_KEY,
               AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_EC2_METADATA_DISABLED="true")
    service_state = work / "service-state.json"
    service = subprocess.Popen([str(venv / "bin" / "python"), "-m", module, "--port", str(PORT),
                                "--time-scale", TIME_SCALE, "--state-file", str(service_state)],
                               stdout=subprocess.PIPE, text=True, env=env, cwd=work)  # not this checkout's package
    try:
        assert service.stdout is not None
        endpoint = service.stdout.readline().strip()
        if endpoint != f"http://127.0.0.1:{PORT}":
            raise SystemExit(f"release-fixture: the local service did not start on port {PORT}: {endpoint!r}")

        def pulumi(*args: str) -> str:
            return run(["pulumi", *args, "--non-interactive"], cwd=project, env=env, capture_output=True).stdout

        pulumi("stack", "init", "fixture")
        pulumi("config", "set", "aws:region", "us-east-1")
        pulumi("config", "set", "imagebuild:endpointUrl", endpoint)
        log(f"pulumi up of {program.name} with {module}")
        pulumi("up", "--yes", "--skip-preview")
        exported = json.loads(pulumi("stack", "export"))
        shown = json.loads(pulumi("stack", "export", "--show-secrets"))
        pulumi("config", "rm", "imagebuild:endpointUrl")
    finally:
        service.terminate()
        service.wait(timeout=30)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "stack.json", without_engine_paths(exported))
    write_json(out / "providers.json", dynamic_resources(shown))
    shutil.copyfile(service_state, out / "service-state.json")
    shutil.copyfile(program, out / "__main__.py")
    (out / "Pulumi.yaml").write_text(f"name: {PROJECT}\nruntime:\n  name: python\n  options:\n    toolchain: pip\n")
    shutil.copyfile(project / "Pulumi.fixture.yaml", out / "Pulumi.fixture.yaml")
    (out / "README.md").write_text(readme(ref, commit, cli, module))
    log(f"wrote {out}")


def readme(ref: str, commit: str, cli: str, module: str) -> str:
    return textwrap.dedent(f"""\
        # Release {ref.lstrip('v')}: a stack it deployed

        Made by `scripts/release-fixture.py {ref}` from commit `{commit[:7]}` with Pulumi CLI {cli.lstrip('v')},
        against the local Image Builder service of that release (`python -m {module} --state-file ...`):
        `pulumi up` of `__main__.py` in a stack named `fixture`, with `aws:region: us-east-1`, the passphrase
        `{PASSPHRASE}` and `imagebuild:endpointUrl` pointing at the service (`http://127.0.0.1:{PORT}`).

        - `stack.json`: `pulumi stack export` (secrets, the pickled providers among them, as ciphertext of that
          passphrase and the salt in `Pulumi.fixture.yaml`), without the engine's `sourcePosition` and
          `stackTrace` fields, which name paths of the machine that made it.
        - `providers.json`: the dynamic resources of `pulumi stack export --show-secrets`: URN, id, inputs
          (the pickled provider, base64 of dill, under `__provider`) and outputs.
        - `service-state.json`: the local service's state file once the update had finished.
        - `__main__.py`, `Pulumi.yaml`, `Pulumi.fixture.yaml`: the program and the project as deployed; the
          tests add the virtualenv and the endpoint.

        Never edit these files: they are what users of this release have in their states.
        """)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the release's git tag or commit, e.g. v0.2.0")
    parser.add_argument("out", type=Path, help="the fixture folder to write, e.g. tests/upgrade/fixtures/0.2.0")
    parser.add_argument("--program", type=Path, default=PROGRAM, help="the fixture program (default: %(default)s)")
    args = parser.parse_args()
    if shutil.which("pulumi") is None:
        parser.error("no pulumi on PATH: source scripts/pulumi-env.sh")
    with tempfile.TemporaryDirectory(prefix="release-fixture-") as work:
        make_fixture(args.ref, args.out.resolve(), args.program.resolve(), Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
