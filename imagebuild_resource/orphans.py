"""Builds tagged for a stack that its state does not hold: find them, cancel them, delete them.

A deployment that dies mid-wait, or a create that fails, can leave builds in AWS that no
state holds. Every build the provider starts carries identity tags
(:mod:`imagebuilder.identity`); this module compares the builds tagged for a stack with
the image build version ARNs in that stack's exported state.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .imagebuilder import Caller, delete_build
from .imagebuilder.identity import STACK_TAG
from .imagebuilder.images import is_in_progress
from .imagebuilder.waiters import cancel_build
from .inputs import shapes
from .inputs.table import REGION


class StateError(Exception):
    """The stack's state could not be read."""


@dataclass(frozen=True)
class StackState:
    """A stack's ``PROJECT/STACK`` name, the image build version ARNs its state holds, and the regions of its
    builds (the regions of those ARNs, and the builds' ``region`` inputs)."""

    stack: str
    held: frozenset[str]
    regions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Orphan:
    """A build tagged for the stack that its state does not hold."""

    arn: str
    status: str | None
    created: str | None
    amis: tuple[str, ...]

    def age(self, now: datetime) -> str:
        """How long ago the build was created, e.g. ``3h12m`` (``?`` when unknown)."""
        try:
            created = datetime.fromisoformat(str(self.created).replace("Z", "+00:00"))
        except ValueError:
            return "?"
        if created.tzinfo is None:
            created = created.replace(tzinfo=timezone.utc)
        minutes = max(0, int((now - created).total_seconds() // 60))
        return f"{minutes // 1440}d{minutes // 60 % 24}h" if minutes >= 1440 else f"{minutes // 60}h{minutes % 60:02d}m"

    def to_dict(self) -> dict[str, Any]:
        return {"imageBuildVersionArn": self.arn, "status": self.status, "dateCreated": self.created,
                "amis": list(self.amis)}


def export_state(stack: str, cwd: str | None = None) -> dict[str, Any]:
    """The output of ``pulumi stack export --stack STACK`` (run in ``cwd``)."""
    try:
        done = subprocess.run(["pulumi", "stack", "export", "--stack", stack], cwd=cwd, capture_output=True,
                              text=True, check=False)
    except FileNotFoundError:
        raise StateError("the pulumi CLI is not on PATH: pass the state with --state-file "
                         "(the output of `pulumi stack export`)") from None
    if done.returncode != 0:
        raise StateError(f"`pulumi stack export --stack {stack}` failed: {done.stderr.strip() or done.stdout.strip()}")
    return parse_json(done.stdout, "the output of pulumi stack export")


def parse_json(text: str, what: str) -> dict[str, Any]:
    """``text`` as a JSON object, or a StateError naming ``what``."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise StateError(f"{what} is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise StateError(f"{what} is not a JSON object")
    return value


def stack_state(exported: Mapping[str, Any], stack: str, project: str | None = None) -> StackState:
    """The ``PROJECT/STACK`` and the held build ARNs of an exported state (``pulumi stack export``)."""
    deployment = exported.get("deployment")
    if not isinstance(deployment, Mapping):
        raise StateError("the state has no 'deployment': expected the output of `pulumi stack export`")
    resources = [r for r in deployment.get("resources") or [] if isinstance(r, Mapping)]
    pending = [op.get("resource") for op in deployment.get("pending_operations") or [] if isinstance(op, Mapping)]
    held, regions = set(), set()
    for resource in [*resources, *(r for r in pending if isinstance(r, Mapping))]:
        outputs = resource.get("outputs") or {}
        inputs = resource.get("inputs") or {}
        arn = outputs.get("imageBuildVersionArn") if isinstance(outputs, Mapping) else None
        if isinstance(arn, str):
            held.add(arn)
            parts = arn.split(":")
            if len(parts) > 3 and parts[2] == "imagebuilder" and parts[3]:
                regions.add(parts[3])
        region = inputs.get(REGION) if isinstance(inputs, Mapping) else None
        if isinstance(region, str) and region:
            regions.add(region)
    parts = stack.split("/")
    stack_name = parts[-1]
    if project is None and len(parts) == 3:  # ORG/PROJECT/STACK
        project = parts[1]
    if project is None:
        urn = next((str(r["urn"]) for r in resources if str(r.get("urn", "")).startswith("urn:pulumi:")), None)
        if urn is None:
            raise StateError("the state holds no resource to tell the project by: pass --project")
        head, project = urn.split("::")[:2]
        stack_name = head.split(":", 2)[2]
    return StackState(f"{project}/{stack_name}", frozenset(held), frozenset(regions))


def tagged_builds(caller: Caller, stack: str) -> Iterator[dict[str, Any]]:
    """Summaries of every build of this account and region whose ``imagebuild:stack`` tag is ``stack``."""
    for image in caller.pages("ListImages", "imageVersionList", owner="Self"):
        version_arn = image.get("arn")
        if not isinstance(version_arn, str):
            continue
        for build in caller.pages("ListImageBuildVersions", "imageSummaryList", imageVersionArn=version_arn):
            if (build.get("tags") or {}).get(STACK_TAG) == stack:
                yield build


def find_orphans(caller: Caller, state: StackState) -> list[Orphan]:
    """Builds tagged for the stack that its state does not hold, oldest first."""
    orphans = []
    for build in tagged_builds(caller, state.stack):
        if build["arn"] in state.held:
            continue
        amis = tuple(ami.get("image", "") for ami in (build.get("outputResources") or {}).get("amis") or [])
        orphans.append(Orphan(build["arn"], (build.get("state") or {}).get("status"), build.get("dateCreated"), amis))
    return sorted(orphans, key=lambda orphan: str(orphan.created))


def cancel_orphan(caller: Caller, orphan: Orphan) -> str:
    """Cancel the build if it still runs; what became of it."""
    if not is_in_progress(orphan.status):
        return f"not running ({orphan.status})"
    status = cancel_build(caller, orphan.arn, caller.sleeper(caller.options.cancel_wait_seconds))
    return f"cancelled ({status})"


def deletion_role_problem(role: str) -> str | None:
    """Why ``role`` cannot be StartResourceStateUpdate's ``executionRole`` (botocore's ``RoleNameOrArn``), or None."""
    found = shapes.validate_member(role, "StartResourceStateUpdate", "executionRole", "executionRole")
    return found[0].reason if found else None


def delete_orphan(caller: Caller, orphan: Orphan, deletion_role: str) -> str:
    """Delete the build with its AMIs, snapshots and containers, as ``deletion_role`` (cancelling it first if it
    runs)."""
    delete_build(caller, orphan.arn, deletion_role=deletion_role)
    return "deleted with its AMIs and snapshots"
