"""Semantic versions in ARNs, and the ``x`` wildcards that select the newest match (``1.x.x``)."""

from __future__ import annotations

from ..errors import ServiceError


def matches(wanted: str, version: str) -> bool:
    """True if ``version`` (``1.2.3``) fits ``wanted``, where each part may be ``x`` (any number)."""
    want, have = wanted.split("."), version.split(".")
    return len(want) == len(have) == 3 and all(w in ("x", h) and h.isdigit() for w, h in zip(want, have))


def sort_key(version: str) -> tuple[int, ...]:
    """``1.10.0`` sorts after ``1.9.0``."""
    return tuple(int(part) for part in version.split("."))


def check_wildcards(wanted: str, arn: str) -> None:
    """Refuse a version whose ``x`` wildcard has a number to its right (``1.x.0``): InvalidRequestException.

    ListImages' ``imageVersionList``: "When you use a wildcard in any node, all nodes to the right of
    the first wildcard must also be wildcards." (the code and message are ours).
    """
    parts = wanted.split(".")
    if "x" in parts and any(part != "x" for part in parts[parts.index("x"):]):
        raise ServiceError("InvalidRequestException",
                           f"The version '{wanted}' of '{arn}' is not valid: every node to the right of a wildcard "
                           "must also be a wildcard (1.x.x, not 1.x.0).")
