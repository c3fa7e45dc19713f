"""ListImages: the image versions of the account, or one entry per image name.

botocore's model documents the members: ``owner`` "By default, only your account's images are
returned"; ``filters`` name, osVersion, platform, type and version; ``byName`` "return one entry
per image name, with all versions of each image aggregated ... You can't combine this option
with the version filter"; ``includeDeprecated`` is about "deprecated Amazon-managed images ...
Deprecated images that you own are always returned"; up to 25 items per page unless
``maxResults`` says otherwise.

Our decisions: the local service holds images of its own account only, so any other ``owner``
lists nothing; an image version is listed while at least one of its build versions exists
(DeleteImage of the last one removes it); a ``byName`` entry has the name ARN with wildcards
(``.../image/NAME/x.x.x``, the model's "Name ARNs") and describes the newest version.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import ServiceError
from .builds import Build, Site
from .filters import matches_filter
from .pagination import Listing, page
from .versions import sort_key

_VERSION_KEYS = ("name", "type", "platform", "osVersion", "dateCreated", "buildType", "imageSource")


def image_versions(builds: Iterable[Build], now: float, site: Site) -> list[dict[str, Any]]:
    """One ``ImageVersion`` per image version ARN, from its first build, sorted by name and version."""
    first: dict[str, Build] = {}
    for build in sorted(builds, key=lambda b: b.number):
        first.setdefault(build.version_arn, build)
    versions = []
    for version_arn, build in first.items():
        summary = build.summary(now, site)
        entry = {"arn": version_arn, "version": build.semantic_version, "owner": site.account,
                 **{k: summary[k] for k in _VERSION_KEYS if k in summary}}
        versions.append(entry)
    return sorted(versions, key=lambda v: (v["name"], sort_key(v["version"])))


def by_name(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per image name: the newest version's, under the name ARN ``.../image/NAME/x.x.x``."""
    newest: dict[str, dict[str, Any]] = {}
    for version in versions:  # sorted, so the last of each name is its newest
        newest[version["name"]] = {**version, "arn": version["arn"].rsplit("/", 1)[0] + "/x.x.x"}
    return list(newest.values())


def list_images(builds: Iterable[Build], now: float, site: Site, params: dict[str, Any],
                listing: Listing | None = None) -> dict[str, Any]:
    """ListImages' response body (without ``requestId``), its pages cut and ordered as ``listing`` says."""
    filters = params.get("filters") or []
    grouped = bool(params.get("byName"))
    if grouped and any(f.get("name") == "version" for f in filters):
        raise ServiceError("InvalidRequestException", "You can't combine byName with the version filter.")
    owner = params.get("owner") or "Self"
    versions = image_versions(builds, now, site) if owner == "Self" else []
    for flt in filters:
        versions = [v for v in versions if matches_filter(v, flt.get("name", ""), flt.get("values") or [],
                                                          "ListImages")]
    if grouped:
        versions = by_name(versions)
    scope = {"owner": owner, "byName": grouped, "filters": filters,
             "includeDeprecated": bool(params.get("includeDeprecated"))}
    shown, following = page(versions, params, scope, listing)
    out: dict[str, Any] = {"imageVersionList": shown}
    if following:
        out["nextToken"] = following
    return out
