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
    """The outputs for a GetImage ``image``; ``amiId`` is the AMI distributed to ``region`` in the build's own
    account (the account of its image build version ARN)."""
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
        "amiId": _own_ami(amis, region, _account_of(image.get("arn"))),
        "containerImageUris": uris,
        "version": image.get("version"),
        "platform": image.get("platform"),
        "osVersion": image.get("osVersion"),
        "dateCreated": image.get("dateCreated"),
    }


def _account_of(arn: Any) -> str | None:
    """The account of an ARN (``arn:aws:imagebuilder:REGION:ACCOUNT:...``), or None."""
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[4] if len(parts) > 5 and parts[4] else None


def _own_ami(amis: list[dict[str, Any]], region: str | None, account: str | None) -> str | None:
    """The AMI distributed to ``region`` in ``account``; with no region known, the only such AMI if there is one.

    A distribution can copy the AMI to other accounts in the same region (``targetAccountIds``), and
    those copies are not the build's: an AMI of another account is never chosen. An AMI without an
    ``accountId`` counts as the build's own (our choice: botocore's model documents the member as
    "the account ID of the owner of the AMI", without saying when it is absent).
    """
    own = [ami for ami in amis if account is None or ami["accountId"] in (None, account)]
    if region is None:
        return own[0]["imageId"] if len(own) == 1 else None
    return next((ami["imageId"] for ami in own if ami["region"] == region), None)


def no_own_ami(amis: list[dict[str, Any]], region: str | None) -> str:
    """Why ``amiId`` is empty although the build distributed ``amis``, in words."""
    in_region = sorted({str(ami["accountId"]) for ami in amis if ami["region"] == region})
    if in_region:
        return (f"distributed no AMI of its own account to the build's region {region} (only copies for "
                f"{', '.join(in_region)})")
    regions = sorted({str(ami["region"]) for ami in amis})
    return f"distributed no AMI to the build's region {region} (only to {', '.join(regions)})"
