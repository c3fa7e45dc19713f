"""Semantic versions in ARNs, and the ``x`` wildcards that select the newest match (``1.x.x``)."""

from __future__ import annotations


def matches(wanted: str, version: str) -> bool:
    """True if ``version`` (``1.2.3``) fits ``wanted``, where each part may be ``x`` (any number)."""
    want, have = wanted.split("."), version.split(".")
    return len(want) == len(have) == 3 and all(w in ("x", h) and h.isdigit() for w, h in zip(want, have))


def sort_key(version: str) -> tuple[int, ...]:
    """``1.10.0`` sorts after ``1.9.0``."""
    return tuple(int(part) for part in version.split("."))
