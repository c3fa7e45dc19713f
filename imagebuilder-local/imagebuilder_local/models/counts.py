"""How many build versions were created and exist, per recipe and per value of a tag (admin only).

Enough for a test to assert "exactly one build version per resource": the provider tags each
build with ``imagebuild:urn``, so ``created.byTag`` counts the builds each resource started,
deleted ones included, and ``existing.byTag`` those still there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_TAG = "imagebuild:urn"


@dataclass(frozen=True)
class CreatedBuild:
    """A build version as CreateImage made it: its ARN, recipe and tags."""

    arn: str
    recipe_arn: str
    tags: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The state file's form."""
        return asdict(self)


def tally(builds: Iterable[tuple[str, str, dict[str, str]]], tag: str) -> dict[str, Any]:
    """``{"total", "byRecipe", "byImageVersion", "byTag"}`` over ``(arn, recipe ARN, tags)``.

    ``byTag`` maps each value of ``tag`` to its count; builds without the tag are not in it.
    """
    total, by_recipe, by_version, by_tag = 0, Counter[str](), Counter[str](), Counter[str]()
    for arn, recipe_arn, tags in builds:
        total += 1
        by_recipe[recipe_arn] += 1
        by_version[arn.rsplit("/", 1)[0]] += 1
        if tag in tags:
            by_tag[tags[tag]] += 1
    return {"total": total, "byRecipe": dict(by_recipe), "byImageVersion": dict(by_version), "byTag": dict(by_tag)}
