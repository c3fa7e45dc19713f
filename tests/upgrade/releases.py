"""The stacks earlier releases deployed (``fixtures/VERSION/``), and a local service holding their builds."""

from __future__ import annotations

import base64
import json
import pathlib
import shutil
from dataclasses import dataclass
from typing import Any

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
RELEASES = sorted(path.name for path in FIXTURES.iterdir() if (path / "stack.json").is_file())
"""Every release with a fixture, oldest first (one per release from 0.1.0 on)."""


@dataclass(frozen=True)
class DeployedResource:
    """One dynamic resource of a release's stack as ``pulumi stack export --show-secrets`` showed it."""

    type_name: str
    urn: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]

    @property
    def pickled_provider(self) -> bytes:
        """The provider Pulumi pickled (dill) into the state: the bytes the dynamic provider process loads."""
        plaintext = self.inputs["__provider"]["plaintext"]  # a secret's plaintext is JSON text
        return base64.b64decode(json.loads(plaintext))

    def props(self, side: str = "outputs") -> dict[str, Any]:
        """The inputs or outputs as a provider method gets them (``__provider`` left out)."""
        return {k: v for k, v in getattr(self, side).items() if k != "__provider"}


def deployed_resources(release: str) -> dict[str, DeployedResource]:
    """The release's dynamic resources by type name (``ImageBuild``, ``PipelineBuild``)."""
    data = json.loads((FIXTURES / release / "providers.json").read_text())
    return {name: DeployedResource(name, r["urn"], r["id"], r["inputs"], r["outputs"]) for name, r in data.items()}


def copy_service_state(release: str, directory: pathlib.Path) -> str:
    """A copy of the local service's state file as the release left it (the fixture itself stays unchanged)."""
    target = directory / f"service-state-{release}.json"
    shutil.copyfile(FIXTURES / release / "service-state.json", target)
    return str(target)
