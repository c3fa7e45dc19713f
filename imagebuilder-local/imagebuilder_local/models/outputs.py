"""Output synthesis: the AMIs and container image URIs an AVAILABLE build produced.

Everything is derived from the build's ARN and its distribution configuration, so the
same build always reports the same AMI IDs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..clock import iso_time


@dataclass(frozen=True)
class Produced:
    """What an output depends on: the build, its recipe and where it was distributed."""

    build_arn: str
    name: str
    created: float
    region: str
    account: str
    recipe: dict[str, Any] | None
    distribution: dict[str, Any] | None

    @property
    def targets(self) -> list[dict[str, Any]]:
        """The distribution entries (one per region), or the build's own region."""
        return self.distribution["distributions"] if self.distribution else [{"region": self.region}]

    @property
    def build_number(self) -> str:
        """The last part of the build ARN (``1`` in ``.../1.0.0/1``)."""
        return self.build_arn.rsplit("/", 1)[1]

    @property
    def semantic_version(self) -> str:
        """``1.0.0`` of ``.../1.0.0/1``."""
        return self.build_arn.split("/")[-2]


def amis(made: Produced, deleted: bool) -> list[dict[str, Any]]:
    """One AMI per distribution region and target account; ``deleted`` after a lifecycle deletion."""
    build_date = iso_time(made.created).replace(":", "-")
    out = []
    for target in made.targets:
        config = target.get("amiDistributionConfiguration") or {}
        for account in config.get("targetAccountIds") or [made.account]:
            name = config.get("name") or f"{made.name} {{{{imagebuilder:buildDate}}}}"
            name = name.replace("{{imagebuilder:buildDate}}", build_date).replace(
                "{{imagebuilder:buildVersion}}", made.build_number)
            digest = hashlib.sha256(f"{made.build_arn}|{target['region']}|{account}".encode()).hexdigest()
            out.append({
                "region": target["region"],
                "image": f"ami-{digest[:17]}",
                "name": name,
                "description": config.get("description")
                or f"Image Builder image {made.name} {made.semantic_version}/{made.build_number}",
                "accountId": account,
                "state": ({"status": "DELETED", "reason": "Deregistered by a lifecycle execution."}
                          if deleted else {"status": "AVAILABLE"}),
            })
    return out


def containers(made: Produced) -> list[dict[str, Any]]:
    """Image URIs per region: the container distribution's repository and tags, else the recipe's."""
    out = []
    for target in made.targets:
        cdc = target.get("containerDistributionConfiguration")
        if made.distribution and not cdc and target["region"] != made.region:
            continue
        repo = (cdc or {}).get("targetRepository") or (made.recipe or {}).get("targetRepository")
        repo_name = repo["repositoryName"] if repo else made.name
        tags = (cdc or {}).get("containerTags") or [f"{made.semantic_version}-{made.build_number}"]
        host = f"{made.account}.dkr.ecr.{target['region']}.amazonaws.com"
        out.append({"region": target["region"], "imageUris": [f"{host}/{repo_name}:{t}" for t in tags]})
    return out
