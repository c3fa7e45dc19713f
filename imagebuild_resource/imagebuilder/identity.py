"""Which stack and resource a build belongs to: the identity tags, their one owner.

Every build the provider starts carries these tags, so that a rerun after a killed
deployment can find the build it started (:mod:`reattach`) and ``imagebuild orphans``
can list the builds of a stack that its state does not hold:

- ``imagebuild:stack``: ``PROJECT/STACK`` of the resource's URN;
- ``imagebuild:urn``: the URN, or ``sha256:<hex>`` of it when it is longer than a tag
  value may be (256 characters);
- ``imagebuild:inputs``: a digest of the build inputs (the CreateImage members without
  the tags and the client token), so a rerun with other inputs never picks up the build;
- ``imagebuild:recorded``: added once ``create()`` has succeeded, because from then on
  the deployment's state holds the build;
- ``imagebuild:resumes``: how many times a build that failed was resumed with RetryImage
  (:mod:`.resume`); removed when ``imagebuild:recorded`` is added, so a build carries at
  most one of the two and the count of tags stays within the limit.

They count toward Image Builder's limit of 50 tags per resource; users may not set
keys with the ``imagebuild:`` prefix, and the provider never shows these tags as inputs,
outputs or drift.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import servicemodel

PREFIX = "imagebuild:"
STACK_TAG = PREFIX + "stack"
URN_TAG = PREFIX + "urn"
INPUTS_TAG = PREFIX + "inputs"
RECORDED_TAG = PREFIX + "recorded"
RESUMES_TAG = PREFIX + "resumes"
IDENTITY_TAGS = (STACK_TAG, URN_TAG, INPUTS_TAG, RECORDED_TAG)
"""The tags the provider sets (``imagebuild:resumes`` takes ``imagebuild:recorded``'s place until it comes)."""

MAX_TAGS = int(servicemodel.shape("TagMap").metadata["max"])
"""Image Builder's limit of tags per resource, from botocore's model (50)."""
USER_TAG_LIMIT = MAX_TAGS - len(IDENTITY_TAGS)
"""How many tags a user may set on an ImageBuild: the rest are the identity tags."""

_TAG_VALUE_MAX = int(servicemodel.shape("TagValue").metadata["max"])
_NOT_BUILD_INPUTS = ("tags", "clientToken")


def is_identity_tag(key: str) -> bool:
    """Whether ``key`` is reserved for the provider (the ``imagebuild:`` prefix)."""
    return key.startswith(PREFIX)


def user_tags(tags: Mapping[str, str] | None) -> dict[str, str]:
    """``tags`` without the identity tags: what the user set."""
    return {key: value for key, value in (tags or {}).items() if not is_identity_tag(key)}


def stack_of(urn: str) -> str:
    """``PROJECT/STACK`` of a resource URN (``urn:pulumi:STACK::PROJECT::TYPE::NAME``)."""
    head, project = urn.split("::")[:2]
    return f"{project}/{head.split(':', 2)[2]}"


def inputs_digest(members: Mapping[str, Any]) -> str:
    """A digest of the CreateImage ``members`` that decide what is built (tags and client token left out)."""
    chosen = {key: value for key, value in members.items() if key not in _NOT_BUILD_INPUTS}
    text = json.dumps(chosen, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Identity:
    """The resource a build belongs to (its URN) and the build inputs it was started with."""

    urn: str
    inputs: str

    @classmethod
    def of(cls, urn: str, members: Mapping[str, Any]) -> Identity:
        """The identity of a build of ``members`` for the resource ``urn``."""
        return cls(urn, inputs_digest(members))

    @property
    def urn_tag(self) -> str:
        if len(self.urn) <= _TAG_VALUE_MAX:
            return self.urn
        return "sha256:" + hashlib.sha256(self.urn.encode()).hexdigest()

    def tags(self) -> dict[str, str]:
        """The tags a new build carries (``imagebuild:recorded`` comes later)."""
        return {STACK_TAG: stack_of(self.urn), URN_TAG: self.urn_tag, INPUTS_TAG: self.inputs}

    def started(self, tags: Mapping[str, str] | None) -> bool:
        """Whether a build with ``tags`` was started for this resource with these inputs."""
        tags = tags or {}
        return tags.get(URN_TAG) == self.urn_tag and tags.get(INPUTS_TAG) == self.inputs


RECIPE_MEMBERS = ("imageRecipeArn", "containerRecipeArn")
"""The CreateImage members (and pipeline fields) that name the recipe a build is made from."""


def recipe_of(members: Mapping[str, Any]) -> str | None:
    """The image or container recipe ARN of CreateImage ``members`` (or of a pipeline)."""
    return next((members[name] for name in RECIPE_MEMBERS if isinstance(members.get(name), str)), None)


def image_version_arn(recipe_arn: str) -> str | None:
    """The image version a recipe builds (``.../image-recipe/NAME/1.0.0`` -> ``.../image/NAME/1.0.0``).

    None for a recipe ARN with a wildcard version, whose builds cannot be listed by one ARN.
    """
    head, _, rest = recipe_arn.partition(":image-recipe/")
    if not rest:
        head, _, rest = recipe_arn.partition(":container-recipe/")
    parts = rest.split("/")
    if len(parts) != 2 or "x" in parts[1].split("."):
        return None
    return f"{head}:image/{parts[0]}/{parts[1]}"
