"""Turn a GetImage ``image`` into the ImageBuild resource's outputs, in one place."""

from __future__ import annotations

from typing import Any, Mapping

OUTPUT_NAMES: tuple[str, ...] = (
    "imageBuildVersionArn",
    "finalStatus",
    "finalReason",
    "amis",
    "amiId",
    "containerImageUris",
    "version",
    "platform",
    "osVersion",
    "dateCreated",
)
"""Every output property; the resource declares each of them."""


def image_outputs(image: Mapping[str, Any], region: str | None) -> dict[str, Any]:
    """The outputs for a GetImage ``image``; ``region`` picks ``amiId`` among the distributed AMIs."""
    state = image.get("state") or {}
    resources = image.get("outputResources") or {}
    amis = [
        {
            "region": ami.get("region"),
            "imageId": ami.get("image"),
            "name": ami.get("name"),
            "accountId": ami.get("accountId"),
        }
        for ami in resources.get("amis") or []
    ]
    uris = [uri for container in resources.get("containers") or [] for uri in container.get("imageUris") or []]
    return {
        "imageBuildVersionArn": image.get("arn"),
        "finalStatus": state.get("status"),
        "finalReason": state.get("reason"),
        "amis": amis,
        "amiId": _ami_in_region(amis, region),
        "containerImageUris": uris,
        "version": image.get("version"),
        "platform": image.get("platform"),
        "osVersion": image.get("osVersion"),
        "dateCreated": image.get("dateCreated"),
    }


def _ami_in_region(amis: list[dict[str, Any]], region: str | None) -> str | None:
    """The AMI distributed to ``region``; with no region known, the only AMI if there is one."""
    if region is None:
        return amis[0]["imageId"] if len(amis) == 1 else None
    return next((ami["imageId"] for ami in amis if ami["region"] == region), None)
