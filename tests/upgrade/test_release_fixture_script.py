"""scripts/release-fixture.py makes a release's fixture reproducibly: 0.1.0's, made again, matches the committed one.

The script installs the release from git into a virtualenv of its own and deploys the fixture
program with the Pulumi CLI on PATH (the lock's). It writes into a temporary folder; the committed
fixture stays as it is. Resources, the shape of their outputs and the pickled providers' class
paths must be the same; ids, times and ciphertexts may differ.
"""

from __future__ import annotations

import base64
import json
import pickletools
import subprocess
import sys
from pathlib import Path

import pytest

from ..documents import ROOT
from .releases import FIXTURES, deployed_resources

pytestmark = [pytest.mark.e2e, pytest.mark.release]

RELEASE_COMMIT = "adec969762c97b911b73154325319bbf11d7cfb9"
"""0.1.0's commit (tag v0.1.0), as its fixture's README names it; a clone of main holds it even without tags."""


def shape(value):
    """The structure of a value: dict keys and element shapes, leaves as type names."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return type(value).__name__


def class_paths(pickled: bytes) -> set[str]:
    """The ``module name`` globals a pickle refers to within this package (what loading it imports)."""
    strings, found = [], set()
    for opcode, arg, _ in pickletools.genops(pickled):
        if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(arg)
        elif opcode.name == "STACK_GLOBAL" and len(strings) >= 2:
            found.add(f"{strings[-2]} {strings[-1]}")
        elif opcode.name == "GLOBAL":
            found.add(str(arg))
    return {path for path in found if path.startswith("imagebuild_resource")}


def resources(folder: Path) -> dict[str, dict]:
    state = json.loads((folder / "stack.json").read_text())
    return {r["urn"]: r for r in state["deployment"]["resources"]}


@pytest.fixture(scope="module")
def remade(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "0.1.0"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "release-fixture.py"), RELEASE_COMMIT, str(out)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_remade_fixture_has_the_same_files_resources_and_output_shapes(remade):
    committed = FIXTURES / "0.1.0"
    assert sorted(path.name for path in remade.iterdir()) == sorted(path.name for path in committed.iterdir())
    before, after = resources(committed), resources(remade)
    assert sorted(after) == sorted(before)
    for urn, resource in before.items():
        assert after[urn]["type"] == resource["type"]
        assert shape(after[urn].get("outputs")) == shape(resource.get("outputs")), urn
    text = "".join(path.read_text() for path in remade.iterdir() if path.suffix in (".json", ".yaml"))
    assert "sourcePosition" not in text and "stackTrace" not in text and str(remade.parent) not in text
    assert (remade / "__main__.py").read_text() == (committed / "__main__.py").read_text()


def test_the_remade_fixture_pickles_the_providers_by_the_same_class_paths(remade):
    committed = deployed_resources("0.1.0")
    data = json.loads((remade / "providers.json").read_text())
    assert sorted(data) == sorted(committed) == ["ImageBuild", "PipelineBuild"]
    for name, resource in committed.items():
        pickled = base64.b64decode(json.loads(data[name]["inputs"]["__provider"]["plaintext"]))
        assert class_paths(pickled) == class_paths(resource.pickled_provider) != set(), name
        assert data[name]["urn"] == resource.urn and shape(data[name]["outputs"]) == shape(resource.outputs)
